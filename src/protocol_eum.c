/* protocol_eum.c — under construction: replaced by the eum protocol. Until then the vtable has
 * no functions and the scenario loader does not yet hand this kind to the engine. */
#include "protocol.h"

const pl_protocol_type pl_protocol_eum = {"eum", NULL, NULL, NULL, NULL, NULL};

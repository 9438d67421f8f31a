# Included by the top-level CMakeLists.txt after parley_core and parley are defined.
#
# 1. parley_shared: libparley.so.MAJOR (SONAME with the project's major version), compiled from the
#    same sources and with the same warnings and flags as parley_core. A version script
#    (cmake/libparley.map) exports the pl_ symbols of the public API and nothing else: the pli_
#    names the library files share stay local. parley itself and the tests keep linking the static
#    parley_core.
# 2. Where parley finds its gnuplot scripts (src/cli/cmd_plot.c): the build's own source tree when
#    it runs from this build folder; otherwise the plots folder next to it in the installed layout
#    (bin/../share/parley/plots, so a relocated prefix works), then the configured prefix's.
# 3. Install rules (GNUInstallDirs, as a Debian user expects them): bin/parley, lib/libparley.so*,
#    include/parley/*.h, lib/pkgconfig/parley.pc, share/parley/plots/*.gp,
#    share/parley/scenarios/, share/man/man1/parley.1.
include(GNUInstallDirs)

add_library(parley_shared SHARED ${PARLEY_LIB_SOURCES} ${PARLEY_EMBED_C})
target_include_directories(parley_shared
  PUBLIC $<BUILD_INTERFACE:${CMAKE_SOURCE_DIR}/include>
         $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>
  PRIVATE ${CMAKE_SOURCE_DIR}/src ${RANDOM123_INCLUDE_DIR})
target_compile_options(parley_shared PRIVATE ${PARLEY_WARNINGS})
target_compile_definitions(parley_shared PRIVATE PARLEY_VERSION="${PROJECT_VERSION}")
target_link_libraries(parley_shared PRIVATE GSL::gsl OpenMP::OpenMP_C PkgConfig::LIBCONFIG m)
set(PARLEY_VERSION_SCRIPT ${CMAKE_SOURCE_DIR}/cmake/libparley.map)
target_link_options(parley_shared PRIVATE "LINKER:--version-script=${PARLEY_VERSION_SCRIPT}")
if(NOT PARLEY_SANITIZE)
  # Every symbol the library uses is resolved by its own dependencies (not by the program that
  # loads it). clang does not link the sanitizer runtime into shared objects, hence the exception.
  target_link_options(parley_shared PRIVATE "LINKER:--no-undefined")
endif()
set_target_properties(parley_shared PROPERTIES
  OUTPUT_NAME parley
  VERSION ${PROJECT_VERSION}
  SOVERSION ${PROJECT_VERSION_MAJOR}
  LIBRARY_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/lib
  LINK_DEPENDS ${PARLEY_VERSION_SCRIPT})

file(RELATIVE_PATH PARLEY_PLOTS_FROM_BIN ${CMAKE_INSTALL_FULL_BINDIR}
     ${CMAKE_INSTALL_FULL_DATADIR}/parley/plots)
target_compile_definitions(parley PRIVATE
  PARLEY_BUILD_DIR="${CMAKE_BINARY_DIR}"
  PARLEY_SOURCE_PLOTS_DIR="${CMAKE_SOURCE_DIR}/plots"
  PARLEY_PLOTS_FROM_BIN="${PARLEY_PLOTS_FROM_BIN}"
  PARLEY_INSTALLED_PLOTS_DIR="${CMAKE_INSTALL_FULL_DATADIR}/parley/plots")

install(TARGETS parley RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS parley_shared
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} NAMELINK_SKIP COMPONENT runtime)
install(TARGETS parley_shared
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} NAMELINK_ONLY COMPONENT dev)
install(DIRECTORY ${CMAKE_SOURCE_DIR}/include/parley DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
  COMPONENT dev FILES_MATCHING PATTERN "*.h")
install(DIRECTORY ${CMAKE_SOURCE_DIR}/plots/ DESTINATION ${CMAKE_INSTALL_DATADIR}/parley/plots
  FILES_MATCHING PATTERN "*.gp")
install(DIRECTORY ${CMAKE_SOURCE_DIR}/scenarios/ DESTINATION ${CMAKE_INSTALL_DATADIR}/parley/scenarios)
install(FILES ${CMAKE_SOURCE_DIR}/docs/parley.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)

# parley.pc is written at install time, so that its prefix is the one installed into (`cmake
# --install BUILD --prefix DIR` as well as the configured CMAKE_INSTALL_PREFIX; DESTDIR is a
# staging area and does not count).
install(CODE "
  set(PARLEY_PC_PREFIX \"\${CMAKE_INSTALL_PREFIX}\")
  set(PARLEY_PC_LIBDIR \"${CMAKE_INSTALL_LIBDIR}\")
  set(PARLEY_PC_INCLUDEDIR \"${CMAKE_INSTALL_INCLUDEDIR}\")
  set(PARLEY_PC_VERSION \"${PROJECT_VERSION}\")
  configure_file(\"${CMAKE_SOURCE_DIR}/cmake/parley.pc.in\" \"${CMAKE_BINARY_DIR}/parley.pc\" @ONLY)
  " COMPONENT dev)
install(FILES ${CMAKE_BINARY_DIR}/parley.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig
  COMPONENT dev)

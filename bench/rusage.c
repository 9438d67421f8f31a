/*
 * rusage.c — runs a command and prints what it used: peak resident memory and CPU time.
 *
 * `rusage COMMAND [ARGS...]` forks, executes the command with its output untouched, waits for it
 * and prints on stderr, in the words of GNU time's `-v`:
 *   User time (seconds): U
 *   System time (seconds): S
 *   Maximum resident set size (kbytes): N
 * read with getrusage(RUSAGE_CHILDREN) once the command has ended (its only child, so the maximum
 * is the command's own ru_maxrss, the figure GNU time reports). bench/run uses it for CPU times
 * always, and for memory when GNU time is not installed. The exit status is the command's (128 +
 * the signal if it was killed; 127 if it could not be started).
 */
#include <stdio.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static double bench_seconds(struct timeval tv) {
  return (double)tv.tv_sec + 1e-6 * (double)tv.tv_usec;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: rusage COMMAND [ARGS...]\n");
    return 2;
  }
  pid_t pid = fork();
  if (pid < 0) {
    perror("rusage: fork");
    return 127;
  }
  if (pid == 0) {
    execvp(argv[1], argv + 1);
    perror("rusage: exec");
    _exit(127);
  }
  int status = 0;
  struct rusage ru;
  if (waitpid(pid, &status, 0) < 0 || getrusage(RUSAGE_CHILDREN, &ru) != 0) {
    perror("rusage: waitpid");
    return 127;
  }
  fprintf(stderr, "\tUser time (seconds): %.3f\n", bench_seconds(ru.ru_utime));
  fprintf(stderr, "\tSystem time (seconds): %.3f\n", bench_seconds(ru.ru_stime));
  fprintf(stderr, "\tMaximum resident set size (kbytes): %ld\n", ru.ru_maxrss);
  if (WIFEXITED(status))
    return WEXITSTATUS(status);
  return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : 1;
}

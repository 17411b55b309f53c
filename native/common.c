/*
 * common.c: small helpers of both roles that are not the protocol (see
 * common.h): allocation that cannot fail, failure texts, time, paths,
 * descriptors, connecting to a unix socket, and signals noted in a pipe.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "common.h"

/* ------------------------------------------------------------------ memory */

_Noreturn void out_of_memory(void)
{
    static const char text[] = "toolshed-host: out of memory\n";
    if (write(2, text, sizeof text - 1) < 0) {}
    _exit(EXIT_OWN_FAILURE);
}

void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) out_of_memory();
    return p;
}

char *xstrndup(const void *p, size_t n)
{
    char *s = xmalloc(n + 1);
    memcpy(s, p, n);
    s[n] = '\0';
    return s;
}

char *xasprintf(const char *fmt, ...)
{
    va_list ap;
    char *s;
    va_start(ap, fmt);
    int n = vasprintf(&s, fmt, ap);
    va_end(ap);
    if (n < 0) out_of_memory();
    return s;
}

/* ------------------------------------------------------------------ texts, time, paths */

/* A failure text; one at a time is ever pending, so one static buffer does. */
const char *reason(const char *fmt, ...)
{
    static char text[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    return text;
}

long long now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* mkdir -p, creating missing folders private to the user. */
int make_dirs(const char *dir)
{
    char *p = xstrndup(dir, strlen(dir));
    for (char *slash = p + 1;; slash++) {
        bool end = *slash == '\0';
        if (*slash == '/' || end) {
            *slash = '\0';
            if (mkdir(p, 0700) != 0 && errno != EEXIST) {
                free(p);
                return -1;
            }
            if (end) break;
            *slash = '/';
        }
    }
    free(p);
    return 0;
}

char *parent_dir(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash) return xstrndup(".", 1);
    return xstrndup(path, slash == path ? 1 : (size_t)(slash - path));
}

/* ------------------------------------------------------------------ descriptors */

void set_nonblocking(int fd)
{
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
}

int connect_to(const char *path)
{
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    if (strlen(path) >= sizeof addr.sun_path) return -1;
    strcpy(addr.sun_path, path);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    if (connect(fd, (struct sockaddr *)&addr, sizeof addr) == 0) return fd;
    close(fd);
    return -1;
}

/* 0, 1 and 2 open, so that no socket or pipe of ours lands there: the agent's
 * commands get theirs from dup2, and the client reads and writes them. */
void keep_std_fds_open(void)
{
    for (int fd = 0; fd < 3; fd++)
        if (fcntl(fd, F_GETFD) < 0 && open("/dev/null", O_RDWR) < 0) exit(1);
}

/* ------------------------------------------------------------------ signals */

/* Handlers only note the signal in a pipe; the poll loops act on it. */
int sig_pipe[2] = {-1, -1};

static void note_signal(int sig)
{
    int saved = errno;
    unsigned char c = (unsigned char)sig;
    if (write(sig_pipe[1], &c, 1) < 0) {}
    errno = saved;
}

void catch_signals(const int *sigs, size_t n)
{
    if (sig_pipe[0] >= 0) { /* a forked handler gets its own pipe */
        close(sig_pipe[0]);
        close(sig_pipe[1]);
    }
    if (pipe2(sig_pipe, O_CLOEXEC | O_NONBLOCK) != 0) out_of_memory();
    struct sigaction sa = {.sa_handler = note_signal, .sa_flags = SA_RESTART};
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < n; i++) sigaction(sigs[i], &sa, NULL);
}

/* The next noted signal, or 0. */
int next_signal(void)
{
    unsigned char c;
    return read(sig_pipe[0], &c, 1) == 1 ? c : 0;
}

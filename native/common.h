/*
 * common.h: what both roles use that is not the protocol: allocation that
 * exits when memory runs out, failure texts, time, paths, descriptors, and
 * signals turned into something a poll loop can wait for. Also the two roles'
 * entry points, for main.c.
 */
#ifndef TOOLSHED_HOST_COMMON_H
#define TOOLSHED_HOST_COMMON_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>

#define HIGH_WATER (256u << 10)     /* stop reading a source while its sink's buffer holds this much */
#define EXIT_OWN_FAILURE 125        /* the client's own failures: no agent, refused, connection lost */

/* The usage text of both roles (main.c). */
extern const char USAGE[];

/* The roles: client.c runs the client, agent.c the agent (argv[1] is --agent). */
int client_main(int argc, char **argv);
int agent_main(int argc, char **argv);

/* Memory that cannot fail: when it runs out, out_of_memory() says so and exits
 * with EXIT_OWN_FAILURE. */
_Noreturn void out_of_memory(void);
void *xmalloc(size_t n);
char *xstrndup(const void *p, size_t n);
char *xasprintf(const char *fmt, ...);

/* A failure text; one at a time is ever pending, so one static buffer does. */
const char *reason(const char *fmt, ...);

/* Milliseconds on the monotonic clock, for deadlines. */
long long now_ms(void);

/* mkdir -p, creating missing folders private to the user; 0, or -1 with errno. */
int make_dirs(const char *dir);
/* The folder path is in ("." for a bare name), as a new string. */
char *parent_dir(const char *path);

void set_nonblocking(int fd);

/* A read or write that may simply be tried again. */
static inline bool would_block(int err)
{
    return err == EAGAIN || err == EWOULDBLOCK || err == EINTR;
}

/* A connected unix socket at path, or -1. */
int connect_to(const char *path);

/* 0, 1 and 2 open, so that no socket or pipe of ours lands there. */
void keep_std_fds_open(void);

/* Signals: a handler only notes the signal in sig_pipe; a poll loop watches
 * sig_pipe[0] and takes each with next_signal(). catch_signals() sets the
 * handlers (and a new pipe, in a forked process). */
extern int sig_pipe[2];
void catch_signals(const int *sigs, size_t n);
int next_signal(void);

#endif

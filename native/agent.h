/*
 * agent.h: what the agent's files share. agent.c listens and hands each
 * connection to a process of its own, which serve() (agent-session.c) runs:
 * the request is read and checked (agent-request.c), the command found and
 * started (agent-command.c) and relayed until it ends (agent-relay.c); each
 * command or refusal is one line of the log (agent-log.c).
 */
#ifndef TOOLSHED_HOST_AGENT_H
#define TOOLSHED_HOST_AGENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "protocol.h"

/* What was asked: the strings are copies, NUL-terminated, checked free of NUL bytes. */
struct request {
    char **argv;
    size_t argc;
    char **env;
    size_t envc;
    char *cwd;
    bool pty;
    uint16_t cols, rows;
};

/* One connection, in its own process. */
struct session {
    int conn;
    pid_t peer_pid;
    time_t when;
    char **argv;       /* for the log, once known */
    size_t argc;
    const char *cwd;   /* where it ran, for the log */
    struct buf from_client, to_client;
};

/* The command's end of the connection. */
struct child {
    pid_t pid;
    int master;  /* the pty's master, or -1 */
    int in;      /* its stdin: a pipe, or the master; -1 once closed */
    int out;     /* its stdout (and stderr under a pty); -1 at EOF */
    int err;     /* its stderr pipe; -1 at EOF or under a pty */
};

/* agent-request.c: checks every field of an R payload; NULL when it may run, else why not. */
const char *parse_request(const unsigned char *p, size_t n, struct request *r);

/* agent-log.c */
extern const char *log_path; /* NULL: no log */
/* One JSON line for a command or a refusal: key is "status", "signal" or "refused" (then text). */
void log_entry(const struct session *s, const char *key, int value, const char *text);
/* The line for a command that ended with this waitpid status. */
void log_wait_status(const struct session *s, int status);

/* agent-session.c: frames for the client, queued in to_client. */
void send_frame(struct session *s, unsigned char type, const void *p, size_t n);
void send_text(struct session *s, unsigned char type, const char *fmt, ...);
void send_exit(struct session *s, uint32_t how, uint32_t value);
/* Sends what is queued for the client; false when it went away or timeout_ms (-1: none) passed. */
bool flush_client(struct session *s, int timeout_ms);
/* Closes after the last frame, dropping what the client still sends for a moment. */
void close_client(struct session *s);
/* One connection, in a process of its own. */
_Noreturn void serve(int conn);

/* agent-command.c */
/* Where it runs: the request's folder as the host sees it, else the home (with an M frame). */
void enter_cwd(struct session *s, const char *requested);
/* The agent's environment with the request's entries on top, and PWD where it runs. */
char **merge_env(char **extra, size_t n, const char *cwd);
/* Finds cmd as execvp would on the PATH of env. NULL when it cannot run: *status is 127 (missing) or 126. */
char *find_command(const char *cmd, char **env, int *status);
/* Starts the command in its own session, under a new pty or with three pipes.
 * False (with *err the errno) when it could not be started. */
bool spawn(const struct request *r, const char *file, char **env, struct child *c, int *err);

/* agent-relay.c: relays until the command ends or the client goes, answers, logs, and exits. */
_Noreturn void relay(struct session *s, struct child c);

#endif

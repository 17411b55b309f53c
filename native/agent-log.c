/*
 * agent-log.c: the agent's log, one JSON line per command (its status or
 * signal) or refusal, which Toolshed's settings show. Each connection's
 * process appends under a lock; the file is rotated to FILE.old past 256 KiB.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "agent.h"
#include "common.h"

#define LOG_ROTATE_SIZE (256 << 10)
#define LOG_MAX_ARGS 16
#define LOG_MAX_ARG_LEN 200

const char *log_path; /* NULL: no log */

static void json_string(struct buf *b, const char *s, size_t n)
{
    buf_put(b, "\"", 1);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\') buf_put(b, (char[]){'\\', (char)c}, 2);
        else if (c < 0x20) buf_printf(b, "\\u%04x", c);
        else buf_put(b, &c, 1);
    }
    buf_put(b, "\"", 1);
}

/* An argument for the log: at most LOG_MAX_ARG_LEN bytes, not cut inside a UTF-8 character. */
static size_t log_arg_len(const char *s)
{
    size_t n = strlen(s);
    if (n <= LOG_MAX_ARG_LEN) return n;
    n = LOG_MAX_ARG_LEN;
    while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80) n--;
    return n;
}

/* The log, locked, rotated to FILE.old first when past its size; -1 when it cannot be opened. */
static int open_log(void)
{
    char *dir = parent_dir(log_path);
    make_dirs(dir);
    free(dir);
    for (int attempt = 0; attempt < 4; attempt++) {
        int fd = open(log_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
        if (fd < 0) return -1;
        flock(fd, LOCK_EX);
        struct stat open_st, path_st;
        bool current = fstat(fd, &open_st) == 0 && stat(log_path, &path_st) == 0 && open_st.st_ino == path_st.st_ino;
        if (current && open_st.st_size <= LOG_ROTATE_SIZE) return fd;
        if (current) { /* another handler may have rotated it while this one waited for the lock */
            char *old = xasprintf("%s.old", log_path);
            rename(log_path, old);
            free(old);
        }
        close(fd);
    }
    return -1;
}

/* One JSON line for a command or a refusal: key is "status", "signal" or "refused" (then text). */
void log_entry(const struct session *s, const char *key, int value, const char *text)
{
    if (!log_path) return;
    struct buf b = {0};
    char when[32];
    struct tm tm;
    gmtime_r(&s->when, &tm);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    buf_printf(&b, "{\"time\":\"%s\",\"peerPid\":%d,\"argv\":[", when, (int)s->peer_pid);
    for (size_t i = 0; i < s->argc && i < LOG_MAX_ARGS; i++) {
        if (i) buf_put(&b, ",", 1);
        json_string(&b, s->argv[i], log_arg_len(s->argv[i]));
    }
    buf_printf(&b, "],\"cwd\":");
    json_string(&b, s->cwd, strlen(s->cwd));
    buf_printf(&b, ",\"%s\":", key);
    if (text) {
        if (strncmp(text, "refused: ", 9) == 0) text += 9;
        json_string(&b, text, strlen(text));
    } else {
        buf_printf(&b, "%d", value);
    }
    buf_put(&b, "}\n", 2);
    int fd = open_log();
    if (fd >= 0) {
        if (write(fd, buf_head(&b), buf_len(&b)) < 0) {}
        close(fd);
    }
    free(b.data);
}

void log_wait_status(const struct session *s, int status)
{
    if (WIFSIGNALED(status)) log_entry(s, "signal", WTERMSIG(status), NULL);
    else log_entry(s, "status", WEXITSTATUS(status), NULL);
}

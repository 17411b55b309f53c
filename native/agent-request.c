/*
 * agent-request.c: the agent's check of a request (the R frame's fields: V,
 * A, E, C, T) against every rule of docs/HOST-COMMANDS.md, before anything
 * runs. What it accepts becomes a struct request of NUL-terminated copies;
 * what it refuses gets the text the client shows and the log keeps.
 */
#define _GNU_SOURCE
#include <string.h>

#include "agent.h"
#include "common.h"

static const char *check_version(const unsigned char *v, uint32_t len)
{
    if (len == 1 && v[0] == '1') return NULL;
    char shown[33];
    size_t n = len < 32 ? len : 32;
    for (size_t i = 0; i < n; i++) shown[i] = v[i] >= 0x20 && v[i] < 0x7f ? (char)v[i] : '?';
    shown[n] = '\0';
    return reason("refused: unsupported protocol version \"%s\" (this agent speaks 1)", shown);
}

static const char *add_arg(struct request *r, const unsigned char *v, uint32_t len)
{
    size_t nth = r->argc + 1;
    if (r->argc == MAX_ARGS) return "refused: more than 4096 arguments";
    if (len == 0 && r->argc == 0) return "refused: the command (argument 1) is empty";
    if (len > MAX_ARG_LEN) return reason("refused: argument %zu is %u bytes; the limit is %u", nth, len, MAX_ARG_LEN);
    if (memchr(v, 0, len)) return reason("refused: argument %zu contains a NUL byte", nth);
    r->argv[r->argc++] = xstrndup(v, len);
    return NULL;
}

static const char *add_env(struct request *r, const unsigned char *v, uint32_t len)
{
    size_t nth = r->envc + 1;
    if (r->envc == MAX_ENV) return "refused: more than 1024 environment entries";
    if (memchr(v, 0, len)) return reason("refused: environment entry %zu contains a NUL byte", nth);
    const unsigned char *eq = memchr(v, '=', len);
    if (!eq) return reason("refused: environment entry %zu has no '=' (expected NAME=VALUE)", nth);
    size_t name_len = (size_t)(eq - v);
    if (name_len > MAX_ENV_NAME) return reason("refused: environment entry %zu has a name over %u bytes", nth, MAX_ENV_NAME);
    if (!valid_env_name((const char *)v, name_len))
        return reason("refused: environment entry %zu has an invalid name (expected [A-Za-z_][A-Za-z0-9_]*)", nth);
    r->env[r->envc++] = xstrndup(v, len);
    return NULL;
}

static const char *set_cwd(struct request *r, const unsigned char *v, uint32_t len)
{
    if (r->cwd) return "refused: duplicate C field (working directory)";
    if (memchr(v, 0, len)) return "refused: the working directory contains a NUL byte";
    if (len > MAX_CWD) return reason("refused: the working directory is %u bytes; the limit is %u", len, MAX_CWD);
    if (len == 0 || v[0] != '/') return "refused: the working directory is not an absolute path";
    r->cwd = xstrndup(v, len);
    return NULL;
}

static const char *set_terminal(struct request *r, const unsigned char *v, uint32_t len)
{
    if (r->pty) return "refused: duplicate T field (terminal)";
    if (len != 4) return reason("refused: the T field (terminal size) is %u bytes; it must be 4", len);
    r->cols = get_u16(v);
    r->rows = get_u16(v + 2);
    if (r->cols < 1 || r->cols > MAX_COLS || r->rows < 1 || r->rows > MAX_ROWS)
        return reason("refused: terminal size %u cols x %u rows is out of range (1 to %u cols, 1 to %u rows)", r->cols, r->rows, MAX_COLS, MAX_ROWS);
    r->pty = true;
    return NULL;
}

/* Checks every field of an R payload; NULL when it may run, else why not. */
const char *parse_request(const unsigned char *p, size_t n, struct request *r)
{
    bool seen_version = false;
    r->argv = xmalloc((MAX_ARGS + 1) * sizeof *r->argv);
    r->env = xmalloc((MAX_ENV + 1) * sizeof *r->env);
    for (size_t at = 0; at < n;) {
        if (n - at < 5 || get_u32(p + at + 1) > n - at - 5)
            return reason("refused: the field at byte %zu runs past the end of the request", at);
        unsigned char tag = p[at];
        uint32_t len = get_u32(p + at + 1);
        const unsigned char *v = p + at + 5;
        at += 5 + (size_t)len;
        if (!seen_version && tag != 'V') return "refused: the request must start with the protocol version (V field)";
        const char *why;
        switch (tag) {
        case 'V': why = seen_version ? "refused: duplicate V field (protocol version)" : check_version(v, len); seen_version = true; break;
        case 'A': why = add_arg(r, v, len); break;
        case 'E': why = add_env(r, v, len); break;
        case 'C': why = set_cwd(r, v, len); break;
        case 'T': why = set_terminal(r, v, len); break;
        default: why = reason("refused: unknown field tag %s", tag_name(tag));
        }
        if (why) return why;
    }
    if (!seen_version) return "refused: the request must start with the protocol version (V field)";
    if (r->argc == 0) return "refused: no command (the request has no A field)";
    if (!r->cwd) return "refused: no working directory (the request has no C field)";
    r->argv[r->argc] = NULL;
    r->env[r->envc] = NULL;
    return NULL;
}

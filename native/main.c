/*
 * toolshed-host: runs a command on the host from inside a toolbox.
 *
 *   toolshed-host [-e NAME=VALUE]... [--] CMD [ARG...]        the client
 *   toolshed-host --agent [--socket PATH] [--log FILE]        the agent, on the host
 *
 * The client sends a request over a unix socket; the agent checks it, runs
 * the command and relays its input, output, window size and signals until it
 * ends. The protocol and every rule are in docs/HOST-COMMANDS.md.
 *
 * Static (no NSS: no getpwuid, no getgrnam) so that it runs in any toolbox.
 *
 * Both are one program, so that one file is built, copied into the home and
 * run both inside toolboxes and on the host. This file only picks the role
 * (and holds the usage text both roles print). The others, each readable on
 * its own:
 *
 *   protocol.h, protocol.c   the wire: limits, frames, the byte queue
 *   common.h, common.c       helpers of both roles: memory, paths, signals
 *   client.c                 the client, run inside a toolbox
 *   agent.h                  what the agent's files share
 *   agent.c                  the agent: its socket, a process per connection
 *   agent-session.c          one connection: the request read, refused or run
 *   agent-request.c          the request's fields checked
 *   agent-command.c          the command found and started on the host
 *   agent-relay.c            input, output, window size and signals while it runs
 *   agent-log.c              the log: one JSON line per command or refusal
 *
 * scripts/build-native.js compiles every .c file here into dist/native/toolshed-host.
 */
#define _GNU_SOURCE
#include <string.h>

#include "common.h"

const char USAGE[] =
    "usage: toolshed-host [-e NAME=VALUE]... [--] CMD [ARG...]\n"
    "       toolshed-host --agent [--socket PATH] [--log FILE] [--with-parent]\n"
    "\n"
    "Runs CMD on the host, from inside a toolbox, through Toolshed's host agent:\n"
    "in the same folder, with the desktop session's environment, its input and\n"
    "output streamed, and its exit status returned. On the host it just runs CMD.\n"
    "\n"
    "  -e NAME=VALUE  also set NAME for CMD (repeatable)\n"
    "  --agent        serve requests on the host (Toolshed or systemd starts it)\n"
    "  --with-parent  (agent) stop when the process that started it ends\n"
    "  --help         show this help\n"
    "  --version      show the protocol version\n";

int main(int argc, char **argv)
{
    keep_std_fds_open();
    if (argc > 1 && strcmp(argv[1], "--agent") == 0) return agent_main(argc, argv);
    return client_main(argc, argv);
}

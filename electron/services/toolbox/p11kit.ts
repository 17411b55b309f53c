// Host CA certificates inside a toolbox, as toolbox 0.1.2 and later do it: a
// `p11-kit server` on the host, one per user, on a socket in Toolbx's runtime
// directory (which every toolbox mounts); init-container points p11-kit's
// client module at it, and each shell gets P11_KIT_SERVER_ADDRESS. The server
// must be up before the container starts (init-container looks for the socket
// then). Without p11-kit on the host nothing is passed, as with Toolbx.
import { execFile } from 'node:child_process';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

export const P11_KIT_SOCKET = 'pkcs11';

const isSocket = (file: string) =>
  stat(file).then(
    (info) => info.isSocket(),
    () => false,
  );

/** P11_KIT_SERVER_ADDRESS for this runtime directory, starting the server when it is not running; {} when it cannot run. */
export async function p11KitServerEnv(toolboxRuntimeDir: string, log: (message: string) => void): Promise<Record<string, string>> {
  const socket = path.join(toolboxRuntimeDir, P11_KIT_SOCKET);
  const address = { P11_KIT_SERVER_ADDRESS: `unix:path=${socket}` };
  if (await isSocket(socket)) return address;
  try {
    // it forks into the background once its socket is listening
    await promisify(execFile)('p11-kit', ['server', '--name', socket, '--provider', 'p11-kit-trust.so', 'pkcs11:model=p11-kit-trust?write-protected=yes'], {
      timeout: 15_000,
    });
  } catch (error) {
    log(`p11-kit server did not start (${(error as Error).message.split('\n')[0]}): the host's CA certificates are not shared with toolboxes`);
    return {};
  }
  return (await isSocket(socket)) ? address : {};
}

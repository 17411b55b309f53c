// The agent's log of host commands (one JSON line each, written by
// native/agent-log.c): the most recent ones, for the settings screen.
// Lines that are not what the agent writes are skipped, never trusted.
import { open } from 'node:fs/promises';
import { z } from 'zod';
import type { HostCommandRecord } from '../../../shared/contract.js';

const TAIL_BYTES = 64 * 1024;

const recordSchema = z.object({
  time: z.string().max(64),
  argv: z.array(z.string().max(4096)).max(64),
  cwd: z.string().max(4096).optional(),
  status: z.number().int().optional(),
  signal: z.number().int().optional(),
  refused: z.string().max(4096).optional(),
});

/** The last `limit` records, newest first; none when there is no log yet. */
export async function recentHostCommands(logFile: string, limit = 30): Promise<HostCommandRecord[]> {
  let text: string;
  try {
    const file = await open(logFile, 'r');
    try {
      const { size } = await file.stat();
      const start = Math.max(0, size - TAIL_BYTES);
      const buffer = Buffer.alloc(size - start);
      await file.read(buffer, 0, buffer.length, start);
      text = buffer.toString('utf8');
      // the first line may be cut by the tail
      if (start > 0) text = text.slice(text.indexOf('\n') + 1);
    } finally {
      await file.close();
    }
  } catch {
    return [];
  }
  const records: HostCommandRecord[] = [];
  for (const line of text.split('\n').reverse()) {
    if (records.length >= limit) break;
    if (!line.trim()) continue;
    try {
      const parsed = recordSchema.safeParse(JSON.parse(line));
      // zod leaves absent keys out (never set to undefined)
      if (parsed.success) records.push(parsed.data as HostCommandRecord);
    } catch {
      // a line cut by a crash
    }
  }
  return records;
}

// The shapes of podman's JSON output that Toolshed reads: only the fields it
// uses, as podman 4.3 and 5.x print them (test/recorded/ has real output of each).

/** One entry of `podman ps --all --format json`. */
export interface PodmanPsEntry {
  Id: string;
  Names: string[];
  State: string;
  Status?: string;
  Image: string;
  Created: number;
  /** When it last started and exited (seconds since the epoch; a large negative number: never). */
  StartedAt?: number;
  ExitedAt?: number;
  Labels: Record<string, string> | null;
  IsInfra?: boolean;
}

/** The fields Toolshed reads from `podman inspect --type container`. */
export interface PodmanInspect {
  Id: string;
  Name: string;
  Created: string;
  ImageName: string;
  /** The image's id. */
  Image?: string;
  State: { Status: string; Running: boolean; Pid: number; StartedAt?: string; ExitCode?: number };
  Config: { Hostname?: string; Labels?: Record<string, string> | null; Entrypoint?: string[] | string | null; Cmd?: string[] | null; Env?: string[] };
  Mounts?: { Type: string; Source: string; Destination: string; RW: boolean }[];
  SizeRw?: number;
}

/** One entry of `podman stats --no-stream --format json` (podman prints human strings). */
export interface PodmanStatsEntry {
  cpu_percent: string;
  mem_usage: string;
  pids: string;
}

/** One entry of `podman images --format json`. */
export interface PodmanImageEntry {
  Id: string;
  Names?: string[] | null;
  Size: number;
  Created: number;
  Labels?: Record<string, string> | null;
  Dangling?: boolean;
  /** The image a committed image was made on (podman sets it at a commit). */
  ParentId?: string;
}

/** The fields Toolshed reads from `podman image inspect --format json`. */
export interface PodmanImageInspect {
  Id: string;
  RepoTags?: string[] | null;
  Created: string;
  Size: number;
  Config?: { Labels?: Record<string, string> | null; Env?: string[] | null };
}

/** One line of `podman events --format json`. */
export interface PodmanEvent {
  ID?: string;
  Name?: string;
  Status?: string;
  Type?: string;
}

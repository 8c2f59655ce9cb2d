/**
 * The API token in use: whether the server accepts it, its role (so buttons follow it), and the
 * monitor's zones with all their sectors (so the sector filter never depends on the current results).
 */
import { useEffect, useState } from "react";
import type { Role } from "../../../../src/monitor/incident";
import { ApiError } from "../../api";
import { listZones, probeRole } from "../../incidentsApi";

export type Session =
  | { status: "none" }
  | { status: "checking" }
  | { status: "rejected"; message: string }
  | { status: "error"; message: string }
  | { status: "ok"; role: Role; zones: Array<{ id: string; sectors: string[] }> };

export function useSession(token: string): Session {
  const [session, setSession] = useState<Session>({ status: token ? "checking" : "none" });
  useEffect(() => {
    if (!token) {
      setSession({ status: "none" });
      return;
    }
    let live = true;
    setSession({ status: "checking" });
    Promise.all([probeRole(), listZones()])
      .then(([role, zones]) => live && setSession({ status: "ok", role, zones }))
      .catch((e: Error) => {
        if (!live) return;
        if (e instanceof ApiError && e.status === 401) setSession({ status: "rejected", message: e.message });
        else setSession({ status: "error", message: e.message });
      });
    return () => {
      live = false;
    };
  }, [token]);
  return session;
}

/** The API token field, with what the server made of the token: its role, rejected, or still checking. */
import { useState } from "react";
import { getToken, setToken } from "../../api";
import type { Session } from "./useSession";

export function TokenForm({
  session,
  live,
  onToken,
}: {
  session: Session;
  live: "connecting" | "live" | "off";
  onToken: (token: string) => void;
}) {
  const [typed, setTyped] = useState(getToken());
  const state =
    session.status === "rejected"
      ? "token rejected"
      : session.status === "checking"
        ? "checking the token…"
        : session.status === "none"
          ? "no token"
          : session.status === "error"
            ? "server unreachable"
            : live;
  return (
    <form
      className="inline-form token-form"
      onSubmit={(e) => {
        e.preventDefault();
        setToken(typed);
        onToken(getToken());
      }}
    >
      <label>
        API token{" "}
        <input
          type="password"
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
          autoComplete="off"
          data-testid="token-input"
          size={24}
        />
      </label>
      <button type="submit" data-testid="token-save">
        Use token
      </button>
      {session.status === "ok" && (
        <span className="role" data-testid="token-role">
          Role: {session.role}
        </span>
      )}
      <span className={`live ${session.status === "ok" ? live : "off"}`} aria-live="polite" data-testid="live-status">
        Live feed: {state}
      </span>
    </form>
  );
}

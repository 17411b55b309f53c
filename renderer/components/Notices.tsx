import { dismissNotice, useStore } from '../state/store';

/** Errors stay until dismissed (with their details); information fades. */
export function Notices() {
  const notices = useStore((s) => s.notices);
  return (
    <div className="notices" aria-live="assertive">
      {notices.map((notice) => (
        <div key={notice.id} className={`notice ${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'}>
          <span className="notice-text">{notice.message}</span>
          {notice.detail && (
            <details>
              <summary>Details</summary>
              <pre>{notice.detail}</pre>
            </details>
          )}
          <button type="button" className="link" onClick={() => dismissNotice(notice.id)} aria-label="Dismiss">
            ×
          </button>
        </div>
      ))}
    </div>
  );
}

import { holdNotice, dismissNotice } from '../state/notices';
import { useStore } from '../state/store';

/** Top right, under the toolbar: information fades after 5 s, errors after 15 s, never while pointed at or focused. */
export function Notices() {
  const notices = useStore((s) => s.notices);
  return (
    <div className="notices" aria-live="assertive">
      {notices.map((notice) => (
        <div
          key={notice.id}
          className={`notice ${notice.kind}`}
          role={notice.kind === 'error' ? 'alert' : 'status'}
          onMouseEnter={() => holdNotice(notice.id, true)}
          onMouseLeave={() => holdNotice(notice.id, false)}
          onFocus={() => holdNotice(notice.id, true)}
          onBlur={() => holdNotice(notice.id, false)}
        >
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

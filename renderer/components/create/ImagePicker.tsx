import { useId, useRef, type KeyboardEvent } from 'react';
import type { ImageSummary } from '../../../shared/contract';
import { CATALOGUE, catalogueEntryForOsRelease } from '../../../shared/domain/catalogue';
import { parseImageReference, withDefaultTag } from '../../../shared/domain/imageRef';
import { formatBytes } from '../../../shared/domain/units';
import { distroLogoUrl, logoUrl } from './logos';

export type ImageSource = 'catalogue' | 'local' | 'custom';

export interface ImageChoice {
  source: ImageSource;
  reference: string;
}

export interface PickerState {
  tab: ImageSource;
  /** The release picked on each catalogue card. */
  releases: Record<string, string>;
  custom: string;
  showAllImages: boolean;
}

interface ImagePickerProps {
  choice: ImageChoice | undefined;
  onChoose: (choice: ImageChoice) => void;
  picker: PickerState;
  onPicker: (update: Partial<PickerState>) => void;
  images: ImageSummary[] | undefined;
  imagesError: string | undefined;
  hostDistro: string | undefined;
  /** Image names on this machine (for "already downloaded"). */
  localNames: ReadonlySet<string>;
}

const TABS: { id: ImageSource; label: string }[] = [
  { id: 'catalogue', label: 'Distributions' },
  { id: 'local', label: 'On this machine' },
  { id: 'custom', label: 'Other image' },
];

/** The image of a new toolbox: a distro from the catalogue, a local image, or any reference. */
export function ImagePicker(props: ImagePickerProps) {
  const { picker, onPicker } = props;
  const base = useId();
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);

  const onTabKey = (event: KeyboardEvent<HTMLDivElement>) => {
    const index = TABS.findIndex((t) => t.id === picker.tab);
    const move = { ArrowRight: 1, ArrowLeft: -1, Home: -index, End: TABS.length - 1 - index }[event.key];
    if (move === undefined) return;
    event.preventDefault();
    const next = (index + move + TABS.length) % TABS.length;
    onPicker({ tab: TABS[next]!.id });
    tabs.current[next]?.focus();
  };

  return (
    <section className="picker" aria-label="Image">
      <div className="tabs" role="tablist" aria-label="Where the image comes from" onKeyDown={onTabKey}>
        {TABS.map((tab, i) => (
          <button
            key={tab.id}
            ref={(el) => {
              tabs.current[i] = el;
            }}
            type="button"
            role="tab"
            id={`${base}-tab-${tab.id}`}
            aria-selected={picker.tab === tab.id}
            aria-controls={`${base}-panel-${tab.id}`}
            tabIndex={picker.tab === tab.id ? 0 : -1}
            className={picker.tab === tab.id ? 'tab selected' : 'tab'}
            onClick={() => onPicker({ tab: tab.id })}
          >
            {tab.label}
          </button>
        ))}
      </div>
      <div className="tab-panel" role="tabpanel" id={`${base}-panel-${picker.tab}`} aria-labelledby={`${base}-tab-${picker.tab}`}>
        {picker.tab === 'catalogue' && <CataloguePanel {...props} />}
        {picker.tab === 'local' && <LocalPanel {...props} />}
        {picker.tab === 'custom' && <CustomPanel {...props} />}
      </div>
    </section>
  );
}

function CataloguePanel({ choice, onChoose, picker, onPicker, hostDistro, localNames }: ImagePickerProps) {
  const hostEntry = hostDistro ? catalogueEntryForOsRelease(hostDistro) : undefined;
  const releaseOf = (id: string) => picker.releases[id] ?? CATALOGUE.find((e) => e.id === id)?.releases[0]?.release ?? '';
  return (
    <div className="distro-grid" role="radiogroup" aria-label="Distribution">
      {CATALOGUE.map((entry) => {
        const release = entry.releases.find((r) => r.release === releaseOf(entry.id)) ?? entry.releases[0]!;
        const selected = choice?.source === 'catalogue' && entry.releases.some((r) => r.reference === choice.reference);
        const local = localNames.has(release.reference);
        const choose = (reference = release.reference) => onChoose({ source: 'catalogue', reference });
        return (
          <div key={entry.id} className={selected ? 'distro-card selected' : 'distro-card'} data-distro={entry.id}>
            <label className="distro-main">
              <input type="radio" name="catalogue-distro" value={entry.id} checked={selected} onChange={() => choose()} />
              <img src={logoUrl(entry.logo)} alt="" width={36} height={36} />
              <span className="distro-name">{entry.name}</span>
              {entry === hostEntry && (
                <span className="badge host" aria-hidden="true">
                  your system
                </span>
              )}
              <span className="visually-hidden">
                {[entry.source === 'toolbx' ? 'Toolbx image' : 'community image', entry === hostEntry ? 'your system' : '', local ? 'downloaded' : '']
                  .filter(Boolean)
                  .join(', ')}
              </span>
            </label>
            <div className="distro-foot">
              <span className="distro-badges" aria-hidden="true">
                <span className={`badge ${entry.source}`}>{entry.source === 'toolbx' ? 'Toolbx' : 'community'}</span>
                {local && <span className="badge local">downloaded</span>}
              </span>
              {entry.releases.length > 1 ? (
                <select
                  aria-label={`${entry.name} release`}
                  value={release.release}
                  onChange={(e) => {
                    const next = entry.releases.find((r) => r.release === e.target.value)!;
                    onPicker({ releases: { ...picker.releases, [entry.id]: next.release } });
                    choose(next.reference);
                  }}
                >
                  {entry.releases.map((r) => (
                    <option key={r.release} value={r.release}>
                      {r.release}
                      {localNames.has(r.reference) ? ' (downloaded)' : ''}
                    </option>
                  ))}
                </select>
              ) : (
                <span className="distro-release">{release.release}</span>
              )}
            </div>
          </div>
        );
      })}
    </div>
  );
}

const relativeTime = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

function age(createdSeconds: number): string {
  const seconds = createdSeconds - Date.now() / 1000;
  const units: [Intl.RelativeTimeFormatUnit, number][] = [
    ['year', 31_536_000],
    ['month', 2_592_000],
    ['day', 86_400],
    ['hour', 3_600],
    ['minute', 60],
  ];
  for (const [unit, size] of units) if (Math.abs(seconds) >= size) return relativeTime.format(Math.round(seconds / size), unit);
  return 'just now';
}

/** "registry/repo:tag" as ["registry/repo", ":tag"] (a digest or no tag: ["…", ""]; a port is no tag). */
function splitTag(name: string): [string, string] {
  const colon = name.lastIndexOf(':');
  return colon > name.lastIndexOf('/') && !name.includes('@') ? [name.slice(0, colon), name.slice(colon)] : [name, ''];
}

export function imageReferenceOf(image: ImageSummary): string {
  return image.names[0] ?? image.id;
}

function LocalPanel({ choice, onChoose, picker, onPicker, images, imagesError }: ImagePickerProps) {
  const describedBy = useId();
  return (
    <div className="local-images">
      <label className="toggle">
        <input type="checkbox" checked={picker.showAllImages} onChange={(e) => onPicker({ showAllImages: e.target.checked })} />
        Show all images, not only Toolbx images
      </label>
      {imagesError ? (
        <p className="field-problem" role="alert">
          {imagesError}
        </p>
      ) : images === undefined ? (
        <p className="muted">
          <span className="spinner" aria-hidden="true" /> Reading the local images…
        </p>
      ) : images.length === 0 ? (
        <p className="muted" id={describedBy}>
          {picker.showAllImages ? 'No images on this machine yet.' : 'No Toolbx images on this machine yet: pick a distribution, or show all images.'}
        </p>
      ) : (
        <div className="image-list" role="radiogroup" aria-label="Local images">
          {images.map((image) => {
            const reference = imageReferenceOf(image);
            const selected = choice?.source === 'local' && choice.reference === reference;
            const title = image.names[0] ?? `<untagged> ${image.id.slice(0, 12)}`;
            return (
              <label key={image.id} className={selected ? 'image-row selected' : 'image-row'} data-reference={reference}>
                <input type="radio" name="local-image" value={reference} checked={selected} onChange={() => onChoose({ source: 'local', reference })} />
                <img src={distroLogoUrl(image.distro)} alt="" width={28} height={28} />
                <span className="image-name" title={image.names.join('\n') || title}>
                  {/* a narrow row cuts the repository, never the tag: the tag tells images apart */}
                  <span className="image-repository">{splitTag(title)[0]}</span>
                  <span className="image-tag">
                    {splitTag(title)[1]}
                    {image.names.length > 1 && <span className="muted"> +{image.names.length - 1}</span>}
                  </span>
                </span>
                <span className="image-facts muted">
                  {[image.distro, image.release].filter(Boolean).join(' ') || '—'} · {formatBytes(image.sizeBytes)} · {age(image.created)}
                </span>
                <span className="distro-badges">
                  {image.toolbox && <span className="badge toolbx">Toolbx</span>}
                  <span className="badge local">downloaded</span>
                </span>
              </label>
            );
          })}
        </div>
      )}
    </div>
  );
}

function CustomPanel({ choice, onChoose, picker, onPicker, localNames }: ImagePickerProps) {
  const field = useId();
  const parsed = parseImageReference(picker.custom);
  const touched = picker.custom.length > 0;
  // as typed (an image id, or a name with its tag), or as podman names the pulled image
  const local = parsed.ok && (localNames.has(parsed.reference.text) || localNames.has(withDefaultTag(parsed.reference)));
  return (
    <div className="custom-image">
      <label htmlFor={field}>Image reference</label>
      <input
        id={field}
        type="text"
        spellCheck={false}
        autoComplete="off"
        placeholder="registry.example.org/team/dev-toolbox:1.0"
        value={picker.custom}
        aria-invalid={touched && !parsed.ok}
        aria-describedby={`${field}-problem ${field}-hint`}
        onChange={(e) => {
          onPicker({ custom: e.target.value });
          onChoose({ source: 'custom', reference: e.target.value.trim() });
        }}
        onFocus={() => choice?.source !== 'custom' && onChoose({ source: 'custom', reference: picker.custom.trim() })}
      />
      <p className="field-problem" id={`${field}-problem`} role="alert">
        {touched && !parsed.ok ? parsed.problem : ''}
      </p>
      <p className="muted" id={`${field}-hint`}>
        {parsed.ok
          ? local
            ? 'Already downloaded.'
            : parsed.reference.qualified
              ? `Will be pulled from ${parsed.reference.domain}.`
              : 'A short name: podman picks the registry from registries.conf (pull progress then shows layers only).'
          : 'registry/path:tag or @sha256:digest. The image should carry the label com.github.containers.toolbox=true.'}
      </p>
    </div>
  );
}

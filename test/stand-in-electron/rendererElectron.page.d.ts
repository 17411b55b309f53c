// rendererElectron.page.js is bundled as text (scripts/build-node.js) and injected into pages.
declare const source: string;
export default source;

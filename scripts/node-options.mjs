// Node options of the production server (pnpm start, the image's CMD, CI's start check), measured on
// the production build with pnpm bench:load (BENCHMARKS.md, « Production build »): under load V8 grows
// its young generation up to 16 MiB semi-spaces; capped at 4 MiB the server measured 149 MB ready,
// 160–190 MB under the mix and a 207 MB peak, against 166, up to 223 and 232 MB without it (minor GCs
// are more frequent but short; no throughput lost at these rates). No heap cap (--max-old-space-size):
// the live heap is ~35 MB and a cap only turns a leak into a crash.
export const SERVER_NODE_OPTIONS = ["--max-semi-space-size=4"];

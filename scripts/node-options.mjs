// Node options of the production server (pnpm start, the image's CMD, CI's start check), measured
// with pnpm bench:load and bench:oidc on the production build (BENCHMARKS.md, « Production build »):
// V8's young generation grows to 16 MiB semi-spaces under ~1,000 requests/s; capped at 4 MiB, the
// RSS under load drops by tens of MB at the same throughput (minor GCs are more frequent but short).
export const SERVER_NODE_OPTIONS = ["--max-semi-space-size=4"];

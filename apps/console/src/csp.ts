// What the server's Content-Security-Policy (no 'unsafe-inline') asks of the console: the page's
// nonce (the server writes it in a meta element), with which Emotion writes MUI's <style> elements.
// (No 'unsafe-eval' either: the contract sets zod up for it, packages/contract/src/zod-setup.ts.)
export const cspNonce = document.querySelector<HTMLMetaElement>('meta[name="csp-nonce"]')?.content || undefined;

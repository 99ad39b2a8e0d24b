// gzip in the browser through CompressionStream. Where it is missing (or known broken) batches go as
// plain JSON with format=body; the server accepts both.

function broken(): boolean {
  // Safari 16.4 and 16.5 shipped a CompressionStream that can emit corrupt output.
  const ua = navigator.userAgent;
  return /Version\/16\.[45]/.test(ua) && /Safari/.test(ua) && !/Chrome|Chromium|Android/.test(ua);
}

export function canGzip(): boolean {
  return typeof CompressionStream !== 'undefined' && typeof TextEncoder !== 'undefined' && !broken();
}

export async function gzip(text: string): Promise<Uint8Array> {
  // The bytes go straight into the stream: a Blob of a large batch costs the main thread several times more.
  const compression = new CompressionStream('gzip');
  const writer = compression.writable.getWriter();
  // Written while read: the stream holds back the write until its output is taken.
  const [compressed] = await Promise.all([
    new Response(compression.readable).arrayBuffer(),
    writer.write(new TextEncoder().encode(text)).then(() => writer.close()),
  ]);
  return new Uint8Array(compressed);
}

export async function gunzip(bytes: Uint8Array): Promise<string> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Response(stream).text();
}

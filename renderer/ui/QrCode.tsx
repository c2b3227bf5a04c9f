import { useMemo } from 'react';
import { qrMatrix, qrPath } from './qr';

/** A QR code with the four-module quiet zone scanners need; always dark on light. */
export function QrCode({ text, label, size = 176 }: { text: string | Uint8Array; label: string; size?: number }) {
  const { modules, path } = useMemo(() => {
    const matrix = qrMatrix(text);
    return { modules: matrix.size, path: qrPath(matrix) };
  }, [text]);
  const quiet = 4;
  const box = modules + quiet * 2;
  return (
    <svg className="qr" role="img" aria-label={label} viewBox={`${-quiet} ${-quiet} ${box} ${box}`} width={size} height={size} shapeRendering="crispEdges">
      <rect x={-quiet} y={-quiet} width={box} height={box} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}

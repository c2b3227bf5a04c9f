// The floor for this stack: a bare ws forwarder speaking just enough of the relay wire protocol
// (join, send -> message, peer-joined) for the same load generator. No limits, no checks.
import { randomBytes } from 'node:crypto';
import { type WebSocket, WebSocketServer } from 'ws';

export function startBareForwarder(port = 0): Promise<{ port: number; close(): void }> {
  const rooms = new Map<string, Map<string, WebSocket>>();
  const wss = new WebSocketServer({ port, host: '127.0.0.1', perMessageDeflate: false, clientTracking: false });
  wss.on('connection', (ws) => {
    const id = randomBytes(16);
    let room: Map<string, WebSocket> | undefined;
    ws.on('message', (data: Buffer) => {
      if (data[1] === 0x01 && !room) {
        const key = data.subarray(2, 34).toString('latin1');
        room = rooms.get(key) ?? new Map();
        rooms.set(key, room);
        for (const peer of room.values()) peer.send(Buffer.concat([Buffer.of(1, 0x82), id]));
        ws.send(Buffer.concat([Buffer.of(1, 0x81), id, Buffer.of(room.size), ...[...room.keys()].map((k) => Buffer.concat([Buffer.from(k, 'latin1'), Buffer.alloc(8)])), Buffer.of(0)]));
        room.set(id.toString('latin1'), ws);
      } else if (data[1] === 0x03 && room) {
        const to = room.get(data.subarray(2, 18).toString('latin1'));
        data[1] = 0x84;
        id.copy(data, 2);
        to?.send(data);
      }
    });
    ws.on('close', () => room?.delete(id.toString('latin1')));
  });
  return new Promise((resolve) =>
    wss.on('listening', () => resolve({ port: (wss.address() as { port: number }).port, close: () => wss.close() })),
  );
}

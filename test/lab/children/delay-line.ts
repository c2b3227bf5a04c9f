// The lab's delay line: the wide-area links of the lab are VXLAN tunnels whose every datagram
// passes through this process, which holds it for the link's one-way delay and sends it on
// (test/lab/delay-line.ts explains why this and not tc netem). A link is a pair of VXLAN
// network identifiers (VNI) differing only in the lowest bit; a datagram arriving with one VNI
// leaves with the other.
import { createSocket } from 'node:dgram';
import { serveParent } from './ipc';

export interface DelayLineParams {
  /** Where the tunnels send to (this process's address) and where it sends back to. */
  listen: string;
  peer: string;
  port: number;
  /** One-way delay per VNI (both VNIs of a link are listed). */
  delayMsByVni: Record<number, number>;
}

/** The VXLAN header (RFC 7348 §5) is 8 bytes; the VNI is bytes 4..6. */
const VNI_OFFSET = 4;

serveParent<DelayLineParams>(async (params) => {
  const socket = createSocket('udp4');
  const forwarded = new Map<number, number>();
  socket.on('message', (datagram) => {
    if (datagram.length < 8) return;
    const vni = datagram.readUIntBE(VNI_OFFSET, 3);
    const delay = params.delayMsByVni[vni];
    if (delay === undefined) return;
    datagram.writeUIntBE(vni ^ 1, VNI_OFFSET, 3);
    forwarded.set(vni, (forwarded.get(vni) ?? 0) + 1);
    // Timers of equal duration fire in the order they were set: a link never reorders.
    setTimeout(() => socket.send(datagram, params.port, params.peer), delay);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(params.port, params.listen, () => resolve());
  });
  return {
    methods: {
      /** Datagrams forwarded so far, by the VNI they arrived with. */
      counts: () => Object.fromEntries(forwarded),
    },
    stop: async () => void socket.close(),
  };
});

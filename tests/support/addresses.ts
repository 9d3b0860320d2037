const usedAddresses = new Set<string>();

/** A loopback address of its own for each test server, so that handles carry no port (`@name@127.x.y.z`). */
export function freshAddress(): string {
  for (;;) {
    const octet = () => 1 + Math.floor(Math.random() * 253);
    const ip = `127.${octet()}.${octet()}.${1 + octet()}`;
    if (!usedAddresses.has(ip)) {
      usedAddresses.add(ip);
      return ip;
    }
  }
}

import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { keepIdleConnectionsLongerThanClients } from './keep-alive';

let server: Server;
let port: number;
beforeAll(async () => {
  server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '2' }).end('ok'));
  keepIdleConnectionsLongerThanClients(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** Sends one GET on `socket` and resolves with the raw answer once its body ("ok") has arrived. */
function get(socket: Socket): Promise<string> {
  return new Promise((resolve, reject) => {
    let answer = '';
    const onData = (chunk: Buffer) => {
      answer += chunk.toString('latin1');
      if (answer.endsWith('\r\n\r\nok')) {
        socket.off('data', onData).off('close', onClose);
        resolve(answer);
      }
    };
    const onClose = () => reject(new Error(`the server closed the connection (answer so far: ${JSON.stringify(answer)})`));
    socket.on('data', onData).once('close', onClose);
    socket.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
  });
}

describe('keepIdleConnectionsLongerThanClients', () => {
  it('keeps a connection idle for longer than a client keeps it (6 s > the 5 s of Node’s agent) open for the next request', async () => {
    const socket = connect(port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    try {
      expect(await get(socket)).toMatch(/^HTTP\/1\.1 200 OK\r\n[\s\S]*Keep-Alive: timeout=65/i);
      await new Promise((resolve) => setTimeout(resolve, 6_000));
      expect(await get(socket)).toMatch(/^HTTP\/1\.1 200 OK/);
    } finally {
      socket.destroy();
    }
  }, 15_000);
});

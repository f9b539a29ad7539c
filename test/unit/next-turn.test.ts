import { once } from 'node:events';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver/node';
import { nextTurn } from '../../server/src/threads';

/** Holds the thread for `ms`, as a step of a long analysis does. */
function hold(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

/** A JSON-RPC request framed as an LSP client writes it. */
function frame(method: string, id: number): string {
  const body = JSON.stringify({ jsonrpc: '2.0', id, method, params: {} });
  return `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

describe('nextTurn, between the steps of a long job on the server thread', () => {
  let server: Server | undefined;
  let client: Socket | undefined;
  afterEach(() => {
    client?.destroy();
    server?.close();
  });

  it('lets a request that arrived during one step be handled before the next step runs', async () => {
    // A real socket, so the message arrives through the poll phase as a client's does.
    server = createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    const accepted = once(server, 'connection');
    client = connect(address.port, '127.0.0.1');
    const [socket] = (await accepted) as [Socket];
    // The server's own JSON-RPC layer (the LSP connection adds nothing to how messages are read).
    const connection = createMessageConnection(
      new StreamMessageReader(socket),
      new StreamMessageWriter(socket),
    );
    let step = 0;
    const handledAfterStep: number[] = [];
    connection.onRequest('test/ping', () => {
      handledAfterStep.push(step);
      return 'pong';
    });
    connection.listen();

    const sentDuringStep: number[] = [];
    for (step = 1; step <= 12; step++) {
      if (step === 3 || step === 7) {
        client.write(frame('test/ping', step));
        sentDuringStep.push(step);
        // The bytes reach the server's socket while this step still holds the thread.
        hold(20);
      }
      hold(2);
      await nextTurn();
    }
    // Each request ran in the turn after the step it arrived in, not one or more steps later.
    expect(handledAfterStep).toEqual(sentDuringStep);
    connection.dispose();
  });
});

// A stand-in for the e-mail HTTP API: POST /emails records the message and answers like Resend
// (or with the given error status); GET /sent lists what it received, for tests in other processes.
import { createServer, type Server } from 'node:http';

export type StubMail = {
  authorization: string | undefined;
  body: { from: string; to: string[]; subject: string; text: string };
};

export async function startMailStub(
  status = 200,
): Promise<{ url: string; close: () => Promise<void> }> {
  const sent: StubMail[] = [];
  const server: Server = createServer((req, res) => {
    let data = '';
    req.on('data', (d) => {
      data += d;
    });
    req.on('end', () => {
      if (req.method === 'POST' && req.url === '/emails') {
        sent.push({ authorization: req.headers.authorization, body: JSON.parse(data) });
        const answer =
          status === 200
            ? { id: `stub-${sent.length}` }
            : { statusCode: status, message: 'refused by the stub' };
        res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(answer));
      } else if (req.method === 'GET' && req.url === '/sent') {
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(sent));
      } else {
        res.writeHead(404).end();
      }
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((done) => server.close(() => done())),
  };
}

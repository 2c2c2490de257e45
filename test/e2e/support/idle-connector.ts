// One idle-connection flooder for test/e2e/flood.test.ts, run as a child process (it needs a descriptor per
// connection it holds): opens its share of TCP connections to loopback ports from the given loopback source
// addresses, sends nothing, and reports on stdout as JSON lines how many are open, how many the server closed
// before its idle timeout could apply (refused at accept, however long they waited in the accept queue) and how
// many after it (closed as idle). It stops when its parent closes stdin.
import { connect } from 'node:net';

export interface ConnectorPlan {
  readonly targets: ReadonlyArray<{ readonly port: number; readonly perAddress: number }>;
  readonly localAddresses: readonly string[];
  /** Connections being set up at once. */
  readonly concurrency: number;
  /** The server's idle timeout: a connection closed sooner was refused, one closed later was closed as idle. */
  readonly idleTimeoutMs: number;
}

export interface ConnectorReport {
  readonly planned: number;
  readonly established: number;
  readonly open: number;
  /** Closed by the server before its idle timeout: refused at accept. */
  readonly refused: number;
  /** Closed by the server once idle for its timeout. */
  readonly timedOut: number;
  /** Connections that could not even be established. */
  readonly failed: number;
  readonly done: boolean;
}

const REPORT_MS = 250;

const plan = JSON.parse(process.argv[2] ?? '{}') as ConnectorPlan;
const attempts: Array<{ readonly port: number; readonly localAddress: string }> = [];
for (let round = 0; round < Math.max(...plan.targets.map((t) => t.perAddress)); round += 1) {
  for (const localAddress of plan.localAddresses) for (const target of plan.targets) if (round < target.perAddress) attempts.push({ port: target.port, localAddress });
}
let next = 0;
let pending = 0;
let established = 0;
let open = 0;
let refused = 0;
let timedOut = 0;
let failed = 0;

function report(): void {
  const line: ConnectorReport = { planned: attempts.length, established, open, refused, timedOut, failed, done: next === attempts.length && pending === 0 };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

function openNext(): void {
  while (pending < plan.concurrency && next < attempts.length) {
    const attempt = attempts[next];
    next += 1;
    if (attempt === undefined) break;
    pending += 1;
    const socket = connect({ host: '127.0.0.1', port: attempt.port, localAddress: attempt.localAddress });
    let establishedAt = 0;
    socket.on('error', () => undefined);
    socket.resume(); // read (and drop) whatever the server says before it closes: a 408, nothing else
    socket.once('connect', () => {
      establishedAt = Date.now();
      established += 1;
      open += 1;
      pending -= 1;
      openNext();
    });
    socket.once('close', () => {
      if (establishedAt === 0) {
        failed += 1;
        pending -= 1;
        openNext();
        return;
      }
      open -= 1;
      if (Date.now() - establishedAt < plan.idleTimeoutMs) refused += 1;
      else timedOut += 1;
    });
  }
}

openNext();
setInterval(report, REPORT_MS);
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));

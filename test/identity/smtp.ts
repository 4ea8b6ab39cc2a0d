import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string[];
  subject: string;
  /** The whole message with quoted-printable / base64 parts decoded (enough to find text and links). */
  body: string;
  raw: string;
}

function decodeQuotedPrintable(s: string): string {
  const bytes: number[] = [];
  const src = s.replace(/=\r?\n/g, '');
  for (let i = 0; i < src.length; i++) {
    if (src[i] === '=' && /^[0-9A-F]{2}$/i.test(src.slice(i + 1, i + 3))) {
      bytes.push(parseInt(src.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(src[i], 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Decodes each MIME part after its Content-Transfer-Encoding header. */
function decode(raw: string): string {
  return raw
    .split(/\r?\n(?=--)/)
    .map((part) => {
      const [head, ...rest] = part.split(/\r?\n\r?\n/);
      const body = rest.join('\n\n');
      if (/content-transfer-encoding:\s*quoted-printable/i.test(head)) return head + '\n\n' + decodeQuotedPrintable(body);
      if (/content-transfer-encoding:\s*base64/i.test(head)) return head + '\n\n' + Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
      return part;
    })
    .join('\n');
}

function header(raw: string, name: string): string {
  const m = new RegExp(`^${name}:\\s*(.*(?:\\r?\\n[ \\t].*)*)`, 'im').exec(raw);
  if (!m) return '';
  const value = m[1].replace(/\r?\n[ \t]/g, ' ');
  // RFC 2047 encoded words
  return value.replace(/=\?utf-8\?([QB])\?([^?]*)\?=\s*/gi, (_x, enc: string, text: string) =>
    enc.toUpperCase() === 'B' ? Buffer.from(text, 'base64').toString('utf8') : decodeQuotedPrintable(text.replace(/_/g, ' ')),
  );
}

/** A real SMTP server on a loopback port that keeps what it receives; waiters are told of each mail. */
export class TestSmtp {
  readonly mails: ReceivedMail[] = [];
  private readonly server: SMTPServer;
  private waiters: (() => void)[] = [];
  /** Recipients whose next message is refused with a temporary error (451). */
  private readonly refuseNext = new Set<string>();
  /** Every RCPT TO seen, refused ones included. */
  readonly attempts: string[] = [];
  port = 0;

  refuseOnce(address: string): void {
    this.refuseNext.add(address);
  }

  constructor() {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onRcptTo: (address, _session, callback) => {
        this.attempts.push(address.address);
        if (this.refuseNext.delete(address.address)) return callback(Object.assign(new Error('Réessayez plus tard'), { responseCode: 451 }));
        callback();
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          this.mails.push({ to: session.envelope.rcptTo.map((r) => r.address), subject: header(raw, 'Subject'), body: decode(raw), raw });
          const w = this.waiters;
          this.waiters = [];
          w.forEach((f) => f());
          callback();
        });
      },
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', () => resolve()));
    this.port = (this.server.server.address() as AddressInfo).port;
    return this;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  to(address: string): ReceivedMail[] {
    return this.mails.filter((m) => m.to.includes(address));
  }

  /** Resolves with the mails for which `pred` holds, once there are `count` of them. */
  async waitFor(pred: (m: ReceivedMail) => boolean, count = 1): Promise<ReceivedMail[]> {
    for (;;) {
      const found = this.mails.filter(pred);
      if (found.length >= count) return found;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** The first link of `prefix` in the mail (e.g. `${url}/invitation/`), token included. */
export function linkIn(mail: ReceivedMail, prefix: string): string {
  const escaped = prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`${escaped}[A-Za-z0-9_-]+`).exec(mail.body);
  if (!m) throw new Error(`no link ${prefix} in ${mail.body}`);
  return m[0];
}

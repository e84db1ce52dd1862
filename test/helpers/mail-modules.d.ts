// The few parts of smtp-server and mailparser the mail tests use (neither ships types).
declare module 'smtp-server' {
  import type { Readable } from 'node:stream';
  type Address = { address: string };
  type Session = { envelope: { mailFrom: Address | false; rcptTo: Address[] }; hostNameAppearsAs?: string };
  type Done = (err?: Error | null) => void;
  export class SMTPServer {
    constructor(options: {
      authOptional?: boolean;
      disabledCommands?: string[];
      logger?: boolean;
      onRcptTo?: (address: Address, session: Session, done: Done) => void;
      onData?: (stream: Readable, session: Session, done: Done) => void;
      onConnect?: (session: Session, done: Done) => void;
    });
    listen(port: number, host: string, cb: () => void): void;
    server: { address(): { port: number } };
    close(cb: () => void): void;
    on(event: 'error', listener: (err: Error) => void): this;
  }
}

declare module 'mailparser' {
  export type ParsedMail = {
    subject?: string;
    text?: string;
    html?: string | false;
    messageId?: string;
    date?: Date;
    headers: Map<string, unknown>;
    from?: { value: { address?: string }[]; text: string };
    to?: { value: { address?: string }[]; text: string };
  };
  export function simpleParser(source: Buffer | string): Promise<ParsedMail>;
}

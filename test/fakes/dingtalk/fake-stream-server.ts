import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';

/** A frame the client sent back: an ack of a CALLBACK/EVENT or the echo of a SYSTEM ping. */
export interface ClientReply {
  code: number;
  headers: { contentType?: string; messageId?: string; topic?: string };
  message: string;
  data: string;
}

/**
 * The Stream-mode WebSocket side of the fake: accepts `GET /connect?ticket=…` with a ticket the
 * gateway issued (one use), pushes frames, and records every frame the client sends back.
 */
export class FakeStreamServer {
  readonly acks: ClientReply[] = [];
  readonly pingReplies: ClientReply[] = [];
  connectionsOpened = 0;
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly tickets = new Set<string>();
  private readonly sockets = new Set<WebSocket>();
  private readonly pings = new Set<string>();

  constructor(private readonly appId: string) {}

  issueTicket(): string {
    const ticket = randomUUID();
    this.tickets.add(ticket);
    return ticket;
  }

  get openConnections(): number {
    return this.sockets.size;
  }

  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(request.url ?? '/', 'http://fake');
    const ticket = url.searchParams.get('ticket') ?? '';
    if (url.pathname !== '/connect' || !this.tickets.delete(ticket)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(request, socket, head, (ws) => {
      this.connectionsOpened += 1;
      this.sockets.add(ws);
      ws.on('close', () => this.sockets.delete(ws));
      ws.on('message', (raw) => this.record(raw.toString()));
    });
  }

  private record(raw: string): void {
    const reply = JSON.parse(raw) as ClientReply;
    const id = reply.headers?.messageId ?? '';
    if (this.pings.delete(id)) this.pingReplies.push(reply);
    else this.acks.push(reply);
  }

  private frame(type: 'SYSTEM' | 'CALLBACK', topic: string, data: unknown, messageId: string = randomUUID()): string {
    return JSON.stringify({
      specVersion: '1.0',
      type,
      headers: {
        topic,
        contentType: 'application/json',
        messageId,
        time: String(Date.now()),
        appId: this.appId,
        connectionId: `conn-${this.connectionsOpened}`,
      },
      data: JSON.stringify(data),
    });
  }

  private broadcastOne(payload: string): void {
    // DingTalk delivers each message on one connection; the newest is the live one.
    const socket = [...this.sockets].at(-1);
    if (!socket) throw new Error('fake DingTalk: no open stream connection');
    socket.send(payload);
  }

  /** Pushes a CALLBACK frame; returns its headers.messageId (what the ack must carry). */
  pushCallback(topic: string, data: unknown, messageId: string = randomUUID()): string {
    this.broadcastOne(this.frame('CALLBACK', topic, data, messageId));
    return messageId;
  }

  /** Sends a SYSTEM ping with an opaque value; the client must echo it with the same messageId. */
  sendPing(opaque: string = randomUUID()): string {
    const messageId = randomUUID();
    this.pings.add(messageId);
    this.broadcastOne(this.frame('SYSTEM', 'ping', { opaque }, messageId));
    return messageId;
  }

  sendDisconnect(reason = 'connection is expired'): void {
    this.broadcastOne(this.frame('SYSTEM', 'disconnect', { reason }));
  }

  /** Drops every open connection abruptly, as a network failure would. */
  dropConnections(): void {
    for (const socket of this.sockets) socket.terminate();
  }

  close(): void {
    for (const socket of this.sockets) socket.terminate();
    this.wss.close();
  }
}

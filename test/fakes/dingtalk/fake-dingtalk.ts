import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildRobotMessage, type FakeRobotMessage } from './robot-message.js';
import { FakeStreamServer } from './fake-stream-server.js';
import { cardCallback, createAndDeliver, type DeliveredCard } from './card-instances.js';

export { type DeliveredCard } from './card-instances.js';

export { type FakeRobotMessage } from './robot-message.js';

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly token: string | undefined;
  readonly body: Record<string, unknown>;
  readonly at: number;
}

/** A one-to-one robot message DingTalk accepted for these users (not invalid, not flow-controlled). */
export interface PrivateDelivery {
  readonly userIds: string[];
  readonly title: string;
  readonly text: string;
}

export interface WebhookPost {
  readonly session: string;
  readonly body: Record<string, unknown>;
}

/** Not a documented DingTalk code: the fake's stand-in for "this sessionWebhook has expired". */
export const FAKE_WEBHOOK_EXPIRED_ERRCODE = 300001;

const TOPIC_ROBOT = '/v1.0/im/bot/messages/get';
const TOPIC_CARD = '/v1.0/card/instances/callback';

/**
 * A fake DingTalk on loopback speaking the wire protocol the adapter uses: the Stream gateway
 * (ticket + WebSocket), sessionWebhooks, the access token and the robot OpenAPI.
 */
export class FakeDingTalk {
  readonly stream: FakeStreamServer;
  readonly gatewayOpens: Record<string, unknown>[] = [];
  readonly webhookPosts: WebhookPost[] = [];
  readonly tokenRequests: Record<string, unknown>[] = [];
  readonly apiCalls: RecordedRequest[] = [];
  /** What batchSend actually delivered, per call (users it refused are left out). */
  readonly privateDeliveries: PrivateDelivery[] = [];
  /** staffIds answered in invalidStaffIdList. */
  readonly invalidUsers = new Set<string>();
  /** staffId -> how many more sends to it are answered in flowControlledStaffIdList. */
  readonly flowControlled = new Map<string, number>();
  readonly expiredSessions = new Set<string>();
  /**
   * staffId -> its department chains (each from the user's own department up to the root `1`), as
   * `/topapi/v2/department/listparentbyuser` answers them; an unknown user answers errcode 60121.
   */
  readonly departmentChains = new Map<string, number[][]>();
  /** Card instances delivered (createAndDeliver), in order. */
  readonly cards: DeliveredCard[] = [];
  /** How many of the next gateway opens answer 503. */
  failGatewayOpens = 0;
  tokenLifetimeSeconds = 7200;
  private readonly validTokens = new Set<string>();
  private server!: Server;
  url = '';

  private constructor(
    readonly clientId: string,
    readonly clientSecret: string,
    readonly robotCode: string,
  ) {
    this.stream = new FakeStreamServer(clientId);
  }

  static async start(options: { clientId?: string; clientSecret?: string; robotCode?: string } = {}): Promise<FakeDingTalk> {
    const clientId = options.clientId ?? 'dingfakeappkey';
    const fake = new FakeDingTalk(clientId, options.clientSecret ?? 'fake-app-secret', options.robotCode ?? clientId);
    fake.server = createServer((req, res) => void fake.route(req, res));
    fake.server.on('upgrade', (req, socket, head) => fake.stream.handleUpgrade(req, socket, head));
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    fake.url = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
    return fake;
  }

  webhookUrl(session: string = randomUUID()): string {
    return `${this.url}/robot/sendBySession?session=${session}`;
  }

  /** A robot message shaped like DingTalk's, with a live sessionWebhook on this fake. */
  robotMessage(overrides: Partial<FakeRobotMessage> = {}): FakeRobotMessage {
    return buildRobotMessage({ webhookUrl: this.webhookUrl(), robotCode: this.robotCode }, overrides);
  }

  /** Pushes a robot message on the stream; returns the frame's messageId. */
  pushRobotMessage(message: FakeRobotMessage, messageId?: string): string {
    return this.stream.pushCallback(TOPIC_ROBOT, message, messageId);
  }

  /**
   * Someone presses a button of a delivered card: DingTalk pushes a card callback on the stream,
   * shaped as its SDKs read it (`content` a JSON string holding `cardPrivateData.params`). The
   * button's callback parameters are the template's: `{"action": "primary"|"secondary"}`.
   */
  clickCard(outTrackId: string, userId: string, button: 'primary' | 'secondary', options: { corpId?: string } = {}): string {
    const card = this.cards.find((c) => c.outTrackId === outTrackId);
    if (!card) throw new Error(`fake DingTalk: no card ${outTrackId}`);
    return this.stream.pushCallback(TOPIC_CARD, cardCallback(card, userId, button, options.corpId ?? 'dingcorp0001'));
  }

  /** Makes every token issued so far invalid (the next API call answers 401). */
  revokeTokens(): void {
    this.validTokens.clear();
  }

  calls(path: string): RecordedRequest[] {
    return this.apiCalls.filter((call) => call.path === path);
  }

  async close(): Promise<void> {
    this.stream.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', this.url);
    let body: Record<string, unknown>;
    try {
      body = chunks.length > 0 ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {};
    } catch {
      return send(res, 400, { code: 'invalidParameter.body', message: 'body must be JSON' });
    }
    const key = `${req.method} ${url.pathname}`;
    if (key === 'POST /v1.0/gateway/connections/open') return this.openGateway(res, body);
    if (key === 'POST /robot/sendBySession') return this.webhook(res, url.searchParams.get('session') ?? '', body);
    if (key === 'POST /v1.0/oauth2/accessToken') return this.issueToken(res, body);
    if (key === 'POST /topapi/v2/department/listparentbyuser') return this.listParents(res, url, body);
    const token = req.headers['x-acs-dingtalk-access-token'];
    const call: RecordedRequest = {
      method: req.method ?? '',
      path: url.pathname,
      token: typeof token === 'string' ? token : undefined,
      body,
      at: Date.now(),
    };
    this.apiCalls.push(call);
    if (!call.token || !this.validTokens.has(call.token)) {
      return send(res, 401, { code: 'InvalidAuthentication', message: '不合法的access_token' });
    }
    if (key === 'POST /v1.0/robot/oToMessages/batchSend') return this.batchSend(res, body);
    if (key === 'POST /v1.0/robot/groupMessages/send') return this.groupSend(res, body);
    if (key === 'POST /v1.0/im/v1.0/robot/interactiveCards/send') return this.cardSend(res, body);
    if (key === 'PUT /v1.0/im/robots/interactiveCards') return this.cardUpdate(res, body);
    if (key === 'POST /v1.0/card/instances/createAndDeliver') {
      const answer = createAndDeliver(body, { robotCode: this.robotCode, invalidUsers: this.invalidUsers, cards: this.cards });
      return send(res, answer.status, answer.body);
    }
    return send(res, 404, { code: 'NotFound', message: `no route ${key}` });
  }

  private openGateway(res: ServerResponse, body: Record<string, unknown>): void {
    this.gatewayOpens.push(body);
    if (this.failGatewayOpens > 0) {
      this.failGatewayOpens -= 1;
      return send(res, 503, { code: 'ServiceUnavailable', message: 'try later' });
    }
    if (body.clientId !== this.clientId || body.clientSecret !== this.clientSecret) {
      return send(res, 401, { code: 'InvalidAuthentication', message: 'clientId or clientSecret is wrong' });
    }
    const subscriptions = Array.isArray(body.subscriptions) ? (body.subscriptions as { type?: unknown; topic?: unknown }[]) : [];
    if (
      subscriptions.length === 0 ||
      subscriptions.some((sub) => (sub.type !== 'EVENT' && sub.type !== 'CALLBACK') || typeof sub.topic !== 'string')
    ) {
      return send(res, 400, { code: 'invalidParameter.subscriptions', message: 'subscriptions are required' });
    }
    const endpoint = `${this.url.replace('http://', 'ws://')}/connect`;
    send(res, 200, { endpoint, ticket: this.stream.issueTicket() });
  }

  private webhook(res: ServerResponse, session: string, body: Record<string, unknown>): void {
    if (this.expiredSessions.has(session)) {
      return send(res, 200, { errcode: FAKE_WEBHOOK_EXPIRED_ERRCODE, errmsg: 'sessionWebhook expired' });
    }
    const markdown = body.markdown as { title?: unknown; text?: unknown } | undefined;
    if (body.msgtype !== 'markdown' || typeof markdown?.title !== 'string' || typeof markdown.text !== 'string') {
      return send(res, 200, { errcode: 40035, errmsg: 'invalid markdown message' });
    }
    this.webhookPosts.push({ session, body });
    send(res, 200, { errcode: 0, errmsg: 'ok' });
  }

  /** The legacy OpenAPI: token in `?access_token=`, errors as HTTP 200 with a non-zero errcode. */
  private listParents(res: ServerResponse, url: URL, body: Record<string, unknown>): void {
    const token = url.searchParams.get('access_token') ?? undefined;
    this.apiCalls.push({ method: 'POST', path: url.pathname, token, body, at: Date.now() });
    if (!token || !this.validTokens.has(token)) return send(res, 200, { errcode: 40014, errmsg: '不合法的access_token' });
    const chains = typeof body.userid === 'string' ? this.departmentChains.get(body.userid) : undefined;
    if (!chains) return send(res, 200, { errcode: 60121, errmsg: '找不到该用户' });
    send(res, 200, {
      errcode: 0,
      errmsg: 'ok',
      result: { parent_list: chains.map((chain) => ({ parent_dept_id_list: chain })) },
      request_id: randomUUID(),
    });
  }

  private issueToken(res: ServerResponse, body: Record<string, unknown>): void {
    this.tokenRequests.push({ appKey: body.appKey });
    if (body.appKey !== this.clientId || body.appSecret !== this.clientSecret) {
      return send(res, 400, { code: 'invalidClientIdOrSecret', message: '无效的clientId或者clientSecret' });
    }
    const accessToken = `token-${randomUUID()}`;
    this.validTokens.add(accessToken);
    send(res, 200, { accessToken, expireIn: this.tokenLifetimeSeconds });
  }

  private checkRobotSend(res: ServerResponse, body: Record<string, unknown>): boolean {
    if (body.robotCode !== this.robotCode) {
      send(res, 400, { code: 'invalidParameter.robotCode.auth', message: 'robotCode does not match the app' });
      return false;
    }
    if (body.msgKey !== 'sampleMarkdown' || typeof body.msgParam !== 'string') {
      send(res, 400, { code: 'invalidParameter.msgParam.invalid', message: 'msgParam must be a JSON string' });
      return false;
    }
    const param = JSON.parse(body.msgParam) as { title?: unknown; text?: unknown };
    if (typeof param.title !== 'string' || typeof param.text !== 'string') {
      send(res, 400, { code: 'invalidParameter.msgParam.invalid', message: 'sampleMarkdown needs title and text' });
      return false;
    }
    return true;
  }

  private batchSend(res: ServerResponse, body: Record<string, unknown>): void {
    if (!this.checkRobotSend(res, body)) return;
    const userIds = Array.isArray(body.userIds) ? (body.userIds as string[]) : [];
    if (userIds.length === 0 || userIds.length > 20) {
      return send(res, 400, { code: 'invalidParameter.userIds.overMax', message: 'userIds must hold 1 to 20 ids' });
    }
    const invalidStaffIdList = userIds.filter((id) => this.invalidUsers.has(id));
    const flowControlledStaffIdList = userIds.filter((id) => {
      const left = this.flowControlled.get(id) ?? 0;
      if (left > 0) this.flowControlled.set(id, left - 1);
      return left > 0;
    });
    const delivered = userIds.filter((id) => !invalidStaffIdList.includes(id) && !flowControlledStaffIdList.includes(id));
    if (delivered.length > 0) {
      const param = JSON.parse(String(body.msgParam)) as { title: string; text: string };
      this.privateDeliveries.push({ userIds: delivered, title: param.title, text: param.text });
    }
    send(res, 200, { processQueryKey: randomUUID(), invalidStaffIdList, flowControlledStaffIdList });
  }

  private groupSend(res: ServerResponse, body: Record<string, unknown>): void {
    if (!this.checkRobotSend(res, body)) return;
    if (typeof body.openConversationId !== 'string') {
      return send(res, 400, { code: 'invalidParameter.openConversationId', message: 'openConversationId is required' });
    }
    send(res, 200, { processQueryKey: randomUUID() });
  }

  private cardSend(res: ServerResponse, body: Record<string, unknown>): void {
    if (typeof body.cardTemplateId !== 'string' || typeof body.cardBizId !== 'string' || typeof body.cardData !== 'string') {
      return send(res, 400, { code: 'invalidParameter', message: 'cardTemplateId, cardBizId and cardData are required' });
    }
    if (body.openConversationId === undefined && body.singleChatReceiver === undefined) {
      return send(res, 400, { code: 'invalidParameter', message: 'openConversationId or singleChatReceiver is required' });
    }
    send(res, 200, { processQueryKey: randomUUID() });
  }

  private cardUpdate(res: ServerResponse, body: Record<string, unknown>): void {
    const sent = this.calls('/v1.0/im/v1.0/robot/interactiveCards/send').some((call) => call.body.cardBizId === body.cardBizId);
    if (!sent || typeof body.cardData !== 'string') {
      return send(res, 400, { code: 'invalidParameter.cardBizId', message: 'unknown card' });
    }
    send(res, 200, { success: true });
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

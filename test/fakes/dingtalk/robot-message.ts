import { randomUUID } from 'node:crypto';

/** A robot message exactly as DingTalk pushes it on /v1.0/im/bot/messages/get (the protocol doc's sample). */
export interface FakeRobotMessage {
  conversationId: string;
  atUsers?: { dingtalkId: string; staffId?: string }[];
  chatbotCorpId: string;
  chatbotUserId: string;
  msgId: string;
  senderNick: string;
  isAdmin: boolean;
  senderStaffId?: string;
  sessionWebhookExpiredTime: number;
  createAt: number;
  senderCorpId: string;
  conversationType: '1' | '2';
  senderId: string;
  conversationTitle?: string;
  isInAtList?: boolean;
  sessionWebhook: string;
  text?: { content: string };
  content?: unknown;
  robotCode: string;
  msgtype: string;
}

/** Builds a group text message @-mentioning the robot; override any field. */
export function buildRobotMessage(
  base: { webhookUrl: string; robotCode: string; now?: number },
  overrides: Partial<FakeRobotMessage> = {},
): FakeRobotMessage {
  const createAt = base.now ?? Date.now();
  const message: FakeRobotMessage = {
    conversationId: 'cidAsXSBLnA==',
    atUsers: [{ dingtalkId: '$:LWCP_v1:$robot' }],
    chatbotCorpId: 'dingcorp0001',
    chatbotUserId: '$:LWCP_v1:$robot',
    msgId: `msg${randomUUID().replace(/-/g, '')}`,
    senderNick: '张三',
    isAdmin: false,
    senderStaffId: '16650001698',
    sessionWebhookExpiredTime: createAt + 5_400_000,
    createAt,
    senderCorpId: 'dingcorp0001',
    conversationType: '2',
    senderId: '$:LWCP_v1:$sender',
    conversationTitle: '测试群',
    isInAtList: true,
    sessionWebhook: base.webhookUrl,
    text: { content: ' /gpu-cluster list' },
    robotCode: base.robotCode,
    msgtype: 'text',
    ...overrides,
  };
  if (message.conversationType === '1') {
    delete message.conversationTitle;
    delete message.atUsers;
  }
  return message;
}

import { z } from 'zod';

/**
 * The robot message pushed on topic /v1.0/im/bot/messages/get (the frame's `data`). Only what the
 * adapter uses is required; the SDK's own RobotTextMessage type lacks several real fields.
 */
const robotMessageSchema = z.object({
  msgId: z.string().min(1),
  msgtype: z.string(),
  conversationId: z.string().min(1),
  conversationType: z.string(),
  conversationTitle: z.string().optional(),
  senderStaffId: z.string().optional(),
  /** The sender's organisation, and the robot's: gpubot serves only senders of the robot's own. */
  senderCorpId: z.string().optional(),
  chatbotCorpId: z.string().optional(),
  senderNick: z.string().optional(),
  sessionWebhook: z.string().optional(),
  sessionWebhookExpiredTime: z.coerce.number().optional(),
  robotCode: z.string().optional(),
  chatbotUserId: z.string().optional(),
  isInAtList: z.boolean().optional(),
  atUsers: z.array(z.object({ dingtalkId: z.string().optional(), staffId: z.string().optional() })).optional(),
  text: z.object({ content: z.string() }).optional(),
  content: z.unknown().optional(),
});

export type RobotMessage = z.infer<typeof robotMessageSchema>;

/** Parses a callback frame's data; undefined when it is not a robot message we can route. */
export function parseRobotMessage(data: string): RobotMessage | undefined {
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    return undefined;
  }
  const result = robotMessageSchema.safeParse(json);
  return result.success ? result.data : undefined;
}

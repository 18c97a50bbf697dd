import { luaScript } from '../redis/run-script.js';

/**
 * The index's atomic steps. Keys (all under the prefix's hash tag, so one slot):
 *   cidx:req:<requestId>    hash  regionId, name, claimedAt, clusterId, confirmedAt
 *   cidx:names:<regionId>   hash  <name> -> requestId, or `cluster:<id>` for a cluster gpubot did not create
 *   cidx:clusters           hash  <clusterId> -> requestId
 */

/**
 * KEYS: names, req. ARGV: name, requestId, regionId, now.
 * Returns {'claimed'}, {'held'}, {'taken', holder} or {'other', regionId, name} (the request holds another name).
 */
export const CLAIM_NAME = luaScript(`
local holder = redis.call('HGET', KEYS[1], ARGV[1])
if holder == ARGV[2] then return {'held'} end
if holder then return {'taken', holder} end
local mine = redis.call('HMGET', KEYS[2], 'regionId', 'name')
if mine[1] then return {'other', mine[1], mine[2]} end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('HSET', KEYS[2], 'regionId', ARGV[3], 'name', ARGV[1], 'claimedAt', ARGV[4])
return {'claimed'}
`);

/**
 * KEYS: req, names, clusters. ARGV: requestId, regionId, name, clusterId, now.
 * Records request -> cluster (creating the record when the index lacked it: ACK is the authority,
 * so the name is this request's). Returns {'confirmed'}, {'held'} or {'conflict', clusterId}.
 */
export const CONFIRM = luaScript(`
local known = redis.call('HGET', KEYS[1], 'clusterId')
if known == ARGV[4] then return {'held'} end
if known then return {'conflict', known} end
local mine = redis.call('HMGET', KEYS[1], 'regionId', 'name')
if mine[1] and (mine[1] ~= ARGV[2] or mine[2] ~= ARGV[3]) then return {'other', mine[1], mine[2]} end
if not mine[1] then redis.call('HSET', KEYS[1], 'regionId', ARGV[2], 'name', ARGV[3], 'claimedAt', ARGV[5]) end
redis.call('HSET', KEYS[1], 'clusterId', ARGV[4], 'confirmedAt', ARGV[5])
redis.call('HSET', KEYS[2], ARGV[3], ARGV[1])
redis.call('HSET', KEYS[3], ARGV[4], ARGV[1])
return {'confirmed'}
`);

/**
 * KEYS: req, names, clusters. ARGV: requestId, regionId, name, clusterId ('' none) as the caller
 * read them. Returns 1 forgotten, 0 nothing recorded, -1 the record changed since it was read.
 */
export const FORGET = luaScript(`
local r = redis.call('HMGET', KEYS[1], 'regionId', 'name', 'clusterId')
if not r[1] then return 0 end
if r[1] ~= ARGV[2] or r[2] ~= ARGV[3] or (r[3] or '') ~= ARGV[4] then return -1 end
if redis.call('HGET', KEYS[2], ARGV[3]) == ARGV[1] then redis.call('HDEL', KEYS[2], ARGV[3]) end
if ARGV[4] ~= '' and redis.call('HGET', KEYS[3], ARGV[4]) == ARGV[1] then redis.call('HDEL', KEYS[3], ARGV[4]) end
redis.call('DEL', KEYS[1])
return 1
`);

/** KEYS: a hash. ARGV: field, value. Deletes the field only while it still has that value. */
export const DELETE_IF_EQUAL = luaScript(`
if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then return redis.call('HDEL', KEYS[1], ARGV[1]) end
return 0
`);

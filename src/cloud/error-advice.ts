/**
 * Which kind of advice fits a cloud error code that arrives asynchronously (a failed task's
 * `error.code`): stock, quota, balance or permission. Empty when none fits.
 */
export function adviceFor(code: string): string {
  if (/NoStock|NotOnSale|ResourceNotAvailable|SoldOut/i.test(code)) return 'cloud.stock';
  if (/Quota/i.test(code)) return 'cloud.quota';
  if (/Balance|Arrearage/i.test(code)) return 'cloud.balance';
  if (/Forbidden|NoPermission|ErrorCheckAcl|NotAuthorized/i.test(code)) return 'cloud.forbidden';
  return '';
}

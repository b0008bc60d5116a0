import account from './account.json';
import admin from './admin.json';
import auditLog from './auditLog.json';
import automation from './automation.json';
import callRecords from './callRecords.json';
import auth from './auth.json';
import calls from './calls.json';
import chats from './chats.json';
import common from './common.json';
import consoleMessages from './console.json';
import contacts from './contacts.json';
import delivery from './delivery.json';
import departments from './departments.json';
import email from './email.json';
import knowledgeBase from './knowledgeBase.json';
import mailboxes from './mailboxes.json';
import search from './search.json';
import sla from './sla.json';
import satisfaction from './satisfaction.json';
import statistics from './statistics.json';
import team from './team.json';
import tickets from './tickets.json';
import webhooks from './webhooks.json';
import widgets from './widgets.json';

/**
 * English, the reference and the fallback: bundled with the app and typing the keys given to t(). A new
 * message file is added here (every other locale gets the same file; src/i18n/locales.test.ts checks).
 */
const en = { ...common, ...auth, ...consoleMessages, ...tickets, ...departments, ...account, ...admin, ...team, ...widgets, ...chats, ...delivery, ...email, ...mailboxes, ...auditLog, ...contacts, ...automation, ...sla, ...search, ...webhooks, ...statistics, ...satisfaction, ...callRecords, ...knowledgeBase, ...calls };
export default en;

// The outboxes' part of the SQL store: readers' notification mail (addresses, subscriptions,
// the mail outbox) and webhooks (endpoints, the deliveries' outbox). SqlStore (./sql-store.ts)
// extends this class, which forwards each method to its repository as SqlStore does the rest;
// split off so that neither file outgrows a reader.
import type { Store } from '../core/ports.ts';
import type { MailOutboxRepository } from './repositories/mail-outbox.ts';
import type { MailSubscriptionRepository } from './repositories/mail-subscriptions.ts';
import type { WebhookRepository } from './repositories/webhooks.ts';

type Args<K extends keyof Store> = Store[K] extends (...args: infer A) => unknown ? A : never;

export class SqlStoreOutboxes {
  protected readonly mailSubscriptionRepo: MailSubscriptionRepository;
  protected readonly outboxRepo: MailOutboxRepository;
  protected readonly webhookRepo: WebhookRepository;

  constructor(mailSubs: MailSubscriptionRepository, outbox: MailOutboxRepository, webhooks: WebhookRepository) {
    this.mailSubscriptionRepo = mailSubs;
    this.outboxRepo = outbox;
    this.webhookRepo = webhooks;
  }

  // readers' email notifications
  saveMailAddress(...a: Args<'saveMailAddress'>) {
    return this.mailSubscriptionRepo.saveMailAddress(...a);
  }
  getMailAddress(...a: Args<'getMailAddress'>) {
    return this.mailSubscriptionRepo.getMailAddress(...a);
  }
  confirmMailAddress(...a: Args<'confirmMailAddress'>) {
    return this.mailSubscriptionRepo.confirmMailAddress(...a);
  }
  addMailSubscription(...a: Args<'addMailSubscription'>) {
    return this.mailSubscriptionRepo.addMailSubscription(...a);
  }
  mailSubscriptions(...a: Args<'mailSubscriptions'>) {
    return this.mailSubscriptionRepo.mailSubscriptions(...a);
  }
  mailFollowers(...a: Args<'mailFollowers'>) {
    return this.mailSubscriptionRepo.mailFollowers(...a);
  }
  removeMailSubscriptions(...a: Args<'removeMailSubscriptions'>) {
    return this.mailSubscriptionRepo.removeMailSubscriptions(...a);
  }
  addMailSuppression(...a: Args<'addMailSuppression'>) {
    return this.mailSubscriptionRepo.addMailSuppression(...a);
  }
  mailSuppressions(...a: Args<'mailSuppressions'>) {
    return this.mailSubscriptionRepo.mailSuppressions(...a);
  }
  removeMailSuppression(...a: Args<'removeMailSuppression'>) {
    return this.mailSubscriptionRepo.removeMailSuppression(...a);
  }
  isMailSuppressed(...a: Args<'isMailSuppressed'>) {
    return this.mailSubscriptionRepo.isMailSuppressed(...a);
  }
  hasMailFollowers(...a: Args<'hasMailFollowers'>) {
    return this.mailSubscriptionRepo.hasMailFollowers(...a);
  }
  pendingReplies(...a: Args<'pendingReplies'>) {
    return this.outboxRepo.pendingReplies(...a);
  }
  tellReplies(...a: Args<'tellReplies'>) {
    return this.outboxRepo.tellReplies(...a);
  }
  enqueueMail(...a: Args<'enqueueMail'>) {
    return this.outboxRepo.enqueueMail(...a);
  }
  enqueueMails(...a: Args<'enqueueMails'>) {
    return this.outboxRepo.enqueueMails(...a);
  }
  claimMail(...a: Args<'claimMail'>) {
    return this.outboxRepo.claimMail(...a);
  }
  finishMail(...a: Args<'finishMail'>) {
    return this.outboxRepo.finishMail(...a);
  }
  countMail(...a: Args<'countMail'>) {
    return this.outboxRepo.countMail(...a);
  }
  getMail(...a: Args<'getMail'>) {
    return this.outboxRepo.getMail(...a);
  }
  mailDataByEmail(...a: Args<'mailDataByEmail'>) {
    return this.outboxRepo.mailDataByEmail(...a);
  }
  eraseMailData(...a: Args<'eraseMailData'>) {
    return this.outboxRepo.eraseMailData(...a);
  }
  purgeMail(...a: Args<'purgeMail'>) {
    return this.outboxRepo.purgeMail(...a);
  }

  // webhooks: endpoints and their deliveries
  createWebhook(...a: Args<'createWebhook'>) {
    return this.webhookRepo.createWebhook(...a);
  }
  webhooks(...a: Args<'webhooks'>) {
    return this.webhookRepo.webhooks(...a);
  }
  getWebhook(...a: Args<'getWebhook'>) {
    return this.webhookRepo.getWebhook(...a);
  }
  updateWebhook(...a: Args<'updateWebhook'>) {
    return this.webhookRepo.updateWebhook(...a);
  }
  deleteWebhook(...a: Args<'deleteWebhook'>) {
    return this.webhookRepo.deleteWebhook(...a);
  }
  enqueueWebhooks(...a: Args<'enqueueWebhooks'>) {
    return this.webhookRepo.enqueueWebhooks(...a);
  }
  claimWebhooks(...a: Args<'claimWebhooks'>) {
    return this.webhookRepo.claimWebhooks(...a);
  }
  finishWebhook(...a: Args<'finishWebhook'>) {
    return this.webhookRepo.finishWebhook(...a);
  }
  webhookDeliveries(...a: Args<'webhookDeliveries'>) {
    return this.webhookRepo.webhookDeliveries(...a);
  }
  getWebhookDelivery(...a: Args<'getWebhookDelivery'>) {
    return this.webhookRepo.getWebhookDelivery(...a);
  }
  purgeWebhookDeliveries(...a: Args<'purgeWebhookDeliveries'>) {
    return this.webhookRepo.purgeWebhookDeliveries(...a);
  }
}

// The webhooks screen (admins): the site's endpoints, with the events each follows; add one
// (its secret is shown once, here, and never again), rotate its secret (the old one keeps
// signing for a day), switch it off or on, delete it after a confirmation; and an endpoint's
// delivery log with the receiver's status codes and attempts, each delivery sendable again.
import { api } from './api.ts';
import { h } from './dom.ts';
import { clearErrors, formField, showFieldErrors } from './form-fields.ts';
import { base, table, type Ctx } from './tool-context.ts';
import {
  WEBHOOK_EVENTS,
  type WebhookDeliveryView,
  type WebhookEndpointView,
  type WebhookSecretView,
} from '../src/contracts/webhooks.ts';

type Screen = {
  ctx: Ctx;
  path: string;
  listBox: HTMLElement;
  secretBox: HTMLElement;
  confirmBox: HTMLElement;
  logBox: HTMLElement;
  load(): Promise<void>;
};

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '');

/** The secret, once: copied by the admin into the receiver's configuration. */
function showSecret(sc: Screen, view: WebhookSecretView, what: string): void {
  sc.secretBox.replaceChildren(
    h('p', { id: 'webhook-secret-text' }, `${what} Copy it now: it is not shown again.`),
    h('code', { class: 'secret', 'data-result': 'secret', 'aria-describedby': 'webhook-secret-text' }, view.secret),
  );
  sc.secretBox.hidden = false;
}

function endpointButtons(sc: Screen, e: WebhookEndpointView): HTMLElement {
  const button = (what: string, label: string, onclick: () => void, cls = '') =>
    h(
      'button',
      {
        type: 'button',
        'data-endpoint': e.id,
        'data-do': what,
        class: cls || null,
        'aria-label': `${label}: ${e.url}`,
        onclick,
      },
      label,
    );
  return h(
    'div',
    { class: 'actions' },
    button('log', 'Deliveries', () => void loadLog(sc, e)),
    button('rotate', 'Rotate secret', () => void rotate(sc, e)),
    button('enable', e.enabled ? 'Switch off' : 'Switch on', () => void setEnabled(sc, e, !e.enabled)),
    button('delete', 'Delete…', () => askDelete(sc, e), 'danger'),
  );
}

async function loadEndpoints(sc: Screen): Promise<void> {
  try {
    const { endpoints } = await api<{ endpoints: WebhookEndpointView[] }>('GET', sc.path);
    sc.listBox.replaceChildren(
      table(
        'Endpoints',
        ['URL', 'Events', 'State', 'Added', ''],
        endpoints.map((e) => [
          h('span', { class: 'url' }, e.url),
          e.events.join(', '),
          `${e.enabled ? 'On' : 'Off'}${e.previousSecretUntil ? ` (previous secret valid until ${when(e.previousSecretUntil)})` : ''}`,
          when(e.createdAt),
          endpointButtons(sc, e),
        ]),
      ),
    );
  } catch (e) {
    sc.listBox.textContent = '';
    sc.ctx.failed(e);
  }
}

async function loadLog(sc: Screen, e: WebhookEndpointView): Promise<void> {
  try {
    const { deliveries } = await api<{ deliveries: WebhookDeliveryView[] }>('GET', `${sc.path}/${e.id}/deliveries`);
    const again = (d: WebhookDeliveryView) =>
      h('button', { type: 'button', 'data-delivery': d.id, onclick: () => void redeliver(sc, e, d) }, 'Send again');
    sc.logBox.replaceChildren(
      h('h3', { id: 'webhook-log-title' }, `Deliveries to ${e.url}`),
      table(
        'Latest deliveries',
        ['Event', 'State', 'HTTP status', 'Attempts', 'Last error', 'Created', 'Delivered', ''],
        deliveries.map((d) => [
          d.type,
          d.state,
          d.lastStatus === null ? '—' : String(d.lastStatus),
          String(d.attempts),
          d.lastError ?? '',
          when(d.createdAt),
          when(d.deliveredAt),
          again(d),
        ]),
      ),
    );
    sc.logBox.hidden = false;
  } catch (err) {
    sc.ctx.failed(err);
  }
}

async function redeliver(sc: Screen, e: WebhookEndpointView, d: WebhookDeliveryView): Promise<void> {
  try {
    await api('POST', `${sc.path}/${e.id}/deliveries/${d.id}/redeliver`);
    sc.ctx.announce(`The ${d.type} delivery is being sent again.`);
    await loadLog(sc, e);
  } catch (err) {
    sc.ctx.failed(err);
  }
}

async function rotate(sc: Screen, e: WebhookEndpointView): Promise<void> {
  try {
    const view = await api<WebhookSecretView>('POST', `${sc.path}/${e.id}/rotate`);
    showSecret(
      sc,
      view,
      `New secret for ${e.url}; the previous one keeps signing until ${when(view.endpoint.previousSecretUntil)}.`,
    );
    sc.ctx.announce('Secret rotated. Copy the new secret now.');
    await sc.load();
  } catch (err) {
    sc.ctx.failed(err);
  }
}

async function setEnabled(sc: Screen, e: WebhookEndpointView, enabled: boolean): Promise<void> {
  try {
    await api('PATCH', `${sc.path}/${e.id}`, { enabled });
    sc.ctx.announce(`${e.url} is switched ${enabled ? 'on' : 'off'}.`);
    await sc.load();
  } catch (err) {
    sc.ctx.failed(err);
  }
}

function askDelete(sc: Screen, e: WebhookEndpointView): void {
  const close = () => {
    sc.confirmBox.hidden = true;
    sc.confirmBox.replaceChildren();
  };
  const yes = h(
    'button',
    {
      type: 'button',
      class: 'danger',
      onclick: async () => {
        close();
        try {
          await api('DELETE', `${sc.path}/${e.id}`);
          sc.logBox.hidden = true;
          sc.ctx.announce(`Deleted the endpoint ${e.url} and its delivery log.`);
          await sc.load();
        } catch (err) {
          sc.ctx.failed(err);
        }
      },
    },
    'Yes, delete',
  );
  sc.confirmBox.replaceChildren(
    h(
      'p',
      { id: 'webhook-confirm-text' },
      `Delete the endpoint ${e.url}? Nothing more is sent to it, and its delivery log goes.`,
    ),
    h(
      'div',
      { class: 'actions', role: 'group', 'aria-labelledby': 'webhook-confirm-text' },
      yes,
      h('button', { type: 'button', onclick: close }, 'Cancel'),
    ),
  );
  sc.confirmBox.hidden = false;
  yes.focus();
}

function addForm(sc: Screen): HTMLFormElement {
  const url = h('input', { type: 'url', autocomplete: 'off', required: true, placeholder: 'https://' });
  const urlField = formField(
    'webhook-url',
    'url',
    'Endpoint URL',
    url,
    'Where Parley POSTs the events, signed with the secret shown once added.',
  );
  const boxes = WEBHOOK_EVENTS.map((name) =>
    h('input', { type: 'checkbox', name: 'events', value: name, checked: true }),
  );
  const eventsError = h('p', { id: 'webhook-events-error', class: 'field-error' });
  const events = h(
    'fieldset',
    { class: 'field', 'aria-describedby': 'webhook-events-error' },
    h('legend', {}, 'Events'),
    WEBHOOK_EVENTS.map((name, i) => h('label', { class: 'check' }, boxes[i], ` ${name}`)),
    eventsError,
  );
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Add endpoint');
  const form = h(
    'form',
    { class: 'tool-form', 'aria-labelledby': 'webhook-add-title', novalidate: true },
    h('h3', { id: 'webhook-add-title' }, 'Add an endpoint'),
    urlField.row,
    events,
    submit,
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors([urlField]);
    eventsError.textContent = '';
    submit.disabled = true;
    try {
      const chosen = boxes.filter((b) => b.checked).map((b) => b.value);
      const view = await api<WebhookSecretView>('POST', sc.path, { url: url.value.trim(), events: chosen });
      form.reset();
      showSecret(sc, view, `Added ${view.endpoint.url}. Its signing secret:`);
      sc.ctx.announce('Endpoint added. Copy its secret now.');
      await sc.load();
    } catch (e) {
      sc.ctx.failed(e);
      const fields = [
        urlField,
        { ...urlField, name: 'events', label: 'Events', control: boxes[0], error: eventsError },
      ];
      showFieldErrors(e, fields)?.focus();
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

export function webhooksView(ctx: Ctx): HTMLElement {
  const sc: Screen = {
    ctx,
    path: `${base(ctx)}/webhooks`,
    listBox: h('div', { class: 'results', 'data-result': 'webhooks' }, 'Loading…'),
    secretBox: h('div', { class: 'confirm', role: 'status', hidden: true }),
    confirmBox: h('div', { class: 'confirm', hidden: true }),
    logBox: h('div', { class: 'results', 'data-result': 'deliveries', hidden: true }),
    load: () => loadEndpoints(sc),
  };
  void sc.load();
  return h(
    'section',
    { 'aria-labelledby': 'tool-title' },
    h('h2', { id: 'tool-title' }, 'Webhooks'),
    h(
      'p',
      {},
      'Other systems hear of new, published, held, spam and deleted comments and of reports as they happen. Receivers check each delivery’s Parley-Signature header with the endpoint’s secret (see docs/webhooks.md).',
    ),
    addForm(sc),
    sc.secretBox,
    sc.confirmBox,
    sc.listBox,
    sc.logBox,
  );
}

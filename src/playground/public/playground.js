// The playground page: starts a chat, follows the bot's activities (server-sent events) and renders their Adaptive
// Cards with the official renderer; Action.Execute clicks go back to the bot as Teams would send them (invoke), and
// the answer replaces the clicked card or, for a button that opens a new message, arrives as a new one.
(() => {
  const settings = JSON.parse(document.getElementById('playground-settings').textContent);
  const AC = window.AdaptiveCards;
  const CARD = 'application/vnd.microsoft.card.adaptive';
  const transcript = document.getElementById('transcript');
  const chat = document.querySelector('.chat');
  const form = document.getElementById('composer');
  const input = document.getElementById('message');
  const send = document.getElementById('send');
  const turns = new Map(); // activity id → { item, body }
  let conversationId;
  let typing;
  let typingTimer;

  // Teams renders card markdown; without this hook the renderer shows **bold** literally.
  const md = window.markdownit({ html: false, linkify: true, breaks: false });
  AC.AdaptiveCard.onProcessMarkdown = (text, result) => {
    result.outputHtml = md.render(text);
    result.didProcess = true;
  };

  // Teams' text colours, the same on plain and emphasis containers.
  const foregroundColors = {
    default: { default: '#242424', subtle: '#616161' },
    accent: { default: '#0F6CBD', subtle: '#115EA3' },
    good: { default: '#107C10', subtle: '#0E700E' },
    warning: { default: '#8A5A00', subtle: '#835B00' },
    attention: { default: '#C4314B', subtle: '#A4262C' },
  };

  const hostConfig = new AC.HostConfig({
    fontFamily: '"Segoe UI", system-ui, -apple-system, "DejaVu Sans", sans-serif',
    spacing: { small: 4, default: 8, medium: 16, large: 20, extraLarge: 24, padding: 16 },
    separator: { lineThickness: 1, lineColor: '#E0E0E0' },
    supportsInteractivity: true,
    fontTypes: {
      default: {
        fontFamily: '"Segoe UI", system-ui, -apple-system, "DejaVu Sans", sans-serif',
        fontSizes: { small: 12, default: 14, medium: 16, large: 18, extraLarge: 24 },
        fontWeights: { lighter: 300, default: 400, bolder: 600 },
      },
      monospace: {
        fontFamily: '"Cascadia Mono", Consolas, "DejaVu Sans Mono", monospace',
        fontSizes: { small: 12, default: 13, medium: 15, large: 17, extraLarge: 22 },
        fontWeights: { lighter: 300, default: 400, bolder: 600 },
      },
    },
    containerStyles: {
      default: {
        backgroundColor: '#FFFFFF',
        foregroundColors: {
          ...foregroundColors,
          dark: { default: '#242424', subtle: '#616161' },
          light: { default: '#FFFFFF', subtle: '#F5F5F5' },
        },
      },
      emphasis: {
        backgroundColor: '#F5F5F5',
        foregroundColors,
      },
      good: { backgroundColor: '#F1FAF1' },
      attention: { backgroundColor: '#FDF3F4' },
      warning: { backgroundColor: '#FFF9F5' },
      accent: { backgroundColor: '#EBF3FC' },
    },
    actions: {
      maxActions: 6,
      spacing: 'default',
      buttonSpacing: 8,
      showCard: { actionMode: 'inline', inlineTopMargin: 12 },
      actionsOrientation: 'horizontal',
      actionAlignment: 'left',
    },
    adaptiveCard: { allowCustomStyle: true },
    factSet: {
      title: { weight: 'bolder', size: 'default', wrap: true, maxWidth: 180 },
      value: { wrap: true },
      spacing: 8,
    },
  });

  const time = () => new Date().toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  const scrollDown = () => requestAnimationFrame(() => chat.scrollTo({ top: chat.scrollHeight }));

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function meta(who) {
    const line = element('div', 'meta');
    line.append(element('b', '', who), document.createTextNode(time()));
    return line;
  }

  function addMine(text) {
    const item = element('li', 'turn me');
    const stack = element('div', 'stack');
    stack.append(meta('You'), element('div', 'bubble', text));
    item.append(stack);
    transcript.append(item);
    scrollDown();
  }

  function addNote(text) {
    const item = element('li', 'turn bot');
    item.append(element('div', 'error', text));
    transcript.append(item);
    scrollDown();
  }

  function renderInto(body, activity) {
    const attachment = (activity.attachments || []).find((a) => a.contentType === CARD);
    body.classList.remove('busy');
    if (!attachment) {
      body.className = 'bubble';
      body.textContent = activity.text || activity.summary || '';
      return;
    }
    body.className = 'card';
    const card = new AC.AdaptiveCard();
    card.hostConfig = hostConfig;
    card.onExecuteAction = (action) => onAction(activity.id, action, body);
    card.parse(attachment.content, new AC.SerializationContext(AC.Versions.v1_5));
    const rendered = card.render();
    body.replaceChildren(rendered || element('div', 'error', 'This card could not be shown.'));
  }

  function showActivity(activity) {
    hideTyping();
    const known = turns.get(activity.id);
    if (known) {
      renderInto(known.body, activity);
      known.body.classList.add('updated');
      setTimeout(() => known.body.classList.remove('updated'), 900);
      return;
    }
    const item = element('li', 'turn bot');
    const avatar = element('img', 'avatar');
    avatar.src = '/playground/assets/shield.svg';
    avatar.alt = '';
    const stack = element('div', 'stack');
    const body = element('div', 'card');
    stack.append(meta('Backup'), body);
    item.append(avatar, stack);
    item.dataset.activityId = activity.id;
    transcript.append(item);
    turns.set(activity.id, { item, body });
    renderInto(body, activity);
    scrollDown();
  }

  function showTyping() {
    clearTimeout(typingTimer);
    if (!typing) {
      typing = element('li', 'turn bot typing-turn');
      const dots = element('div', 'typing');
      dots.setAttribute('aria-label', 'Backup is typing');
      dots.append(element('span'), element('span'), element('span'));
      typing.append(dots);
    }
    transcript.append(typing);
    scrollDown();
    typingTimer = setTimeout(hideTyping, 8000);
  }

  function hideTyping() {
    clearTimeout(typingTimer);
    if (typing) typing.remove();
  }

  async function post(path, body) {
    const response = await fetch(`/playground/api/conversations/${conversationId}/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) {
      const problem = await response.json().catch(() => ({}));
      throw new Error(problem.message || `the playground answered ${response.status}`);
    }
  }

  function onAction(activityId, action, body) {
    if (action instanceof AC.OpenUrlAction) {
      window.open(action.url, '_blank', 'noopener');
      return;
    }
    if (!(action instanceof AC.ExecuteAction) && !(action instanceof AC.SubmitAction)) return;
    body.classList.add('busy');
    const verb = action instanceof AC.ExecuteAction ? action.verb || '' : '';
    // A click answered in place comes back as an update of this card; one answered with a new message (a digest's
    // buttons) leaves the card as it was, so it stops looking busy once the bot has taken the click.
    post('actions', { activityId, verb, data: action.data }).then(
      () => body.classList.remove('busy'),
      (err) => {
        body.classList.remove('busy');
        addNote(`That click did not reach the bot: ${err.message}`);
      },
    );
  }

  async function say(text) {
    const trimmed = text.trim();
    if (!trimmed || !conversationId) return;
    addMine(trimmed);
    input.value = '';
    send.disabled = true;
    try {
      await post('messages', { text: trimmed, timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone });
    } catch (err) {
      hideTyping();
      addNote(`The bot did not get that: ${err.message}`);
    } finally {
      send.disabled = false;
      input.focus();
    }
  }

  function follow() {
    const events = new EventSource(`/playground/api/conversations/${conversationId}/events`);
    events.addEventListener('activity', (e) => showActivity(JSON.parse(e.data)));
    events.addEventListener('update', (e) => showActivity(JSON.parse(e.data)));
    events.addEventListener('typing', () => showTyping());
    events.addEventListener('delete', (e) => {
      const gone = turns.get(JSON.parse(e.data).id);
      if (gone) gone.item.remove();
    });
  }

  async function start() {
    const chips = document.getElementById('chips');
    for (const example of settings.examples) {
      const chip = element('button', 'chip', example);
      chip.type = 'button';
      chip.addEventListener('click', () => say(example));
      chips.append(chip);
    }
    if (/^live/i.test(settings.dataLabel)) document.getElementById('data-label').classList.add('live');
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      say(input.value);
    });
    const response = await fetch('/playground/api/conversations', { method: 'POST' });
    if (!response.ok) {
      addNote(`Could not start a chat (${response.status}); is the bot running?`);
      return;
    }
    conversationId = (await response.json()).conversationId;
    document.body.dataset.conversationId = conversationId;
    follow();
    input.focus();
  }

  start().catch((err) => addNote(`Could not start a chat: ${err.message}`));
})();

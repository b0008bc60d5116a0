/**
 * The frame's two tabs, Chat and Help (the ARIA tabs pattern: arrow keys move between them, Home and End go to
 * the first and last, and only the chosen tab is in the Tab order).
 */
import { button, el } from './dom';

export type TabName = 'chat' | 'help';

export class Tabs {
  readonly element: HTMLElement;
  selected: TabName = 'chat';
  readonly #tabs: Record<TabName, HTMLButtonElement>;
  readonly #panels: Record<TabName, HTMLElement>;
  readonly #changed: (tab: TabName) => void;

  /** `changed` hears each change of tab (the Help tab loads its page the first time). */
  constructor(doc: Document, label: string, names: Record<TabName, string>, panels: Record<TabName, HTMLElement>, changed: (tab: TabName) => void) {
    this.#panels = panels;
    this.#changed = changed;
    this.element = el(doc, 'div', 'tabs');
    this.element.setAttribute('role', 'tablist');
    this.element.setAttribute('aria-label', label);
    const order: TabName[] = ['chat', 'help'];
    const make = (name: TabName): HTMLButtonElement => {
      const tab = button(doc, 'tab', names[name], 'button');
      tab.id = `tab-${name}`;
      tab.setAttribute('role', 'tab');
      tab.setAttribute('aria-controls', `panel-${name}`);
      panels[name].id = `panel-${name}`;
      panels[name].setAttribute('role', 'tabpanel');
      panels[name].setAttribute('aria-labelledby', tab.id);
      tab.addEventListener('click', () => this.select(name));
      tab.addEventListener('keydown', (event) => {
        const at = order.indexOf(name);
        const next = event.key === 'ArrowRight' ? order[(at + 1) % order.length] : event.key === 'ArrowLeft' ? order[(at + order.length - 1) % order.length] : event.key === 'Home' ? order[0] : event.key === 'End' ? order[order.length - 1] : undefined;
        if (!next) return;
        event.preventDefault();
        this.select(next);
        this.#tabs[next].focus();
      });
      return tab;
    };
    this.#tabs = { chat: make('chat'), help: make('help') };
    this.element.append(this.#tabs.chat, this.#tabs.help);
    this.#show();
  }

  select(name: TabName): void {
    if (name === this.selected) return;
    this.selected = name;
    this.#show();
    this.#changed(name);
  }

  #show(): void {
    for (const name of ['chat', 'help'] as const) {
      const chosen = name === this.selected;
      this.#tabs[name].setAttribute('aria-selected', String(chosen));
      this.#tabs[name].tabIndex = chosen ? 0 : -1;
      this.#panels[name].hidden = !chosen;
    }
  }
}

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import App from './App.svelte';
import { messages } from './lib/i18n.svelte';
import type { AppStatus } from './lib/bindings/AppStatus';

function status(over: Partial<AppStatus> = {}): AppStatus {
  return {
    db_path: '/tmp/x/marketdesk.db',
    db_exists: false,
    open: false,
    schema_version: null,
    app_schema_version: 1,
    app_version: '0.1.0',
    lang: 'zh-CN',
    open_error: null,
    upgrading: false,
    ...over,
  };
}

describe('App', () => {
  let calls: string[];
  let current: AppStatus;

  beforeEach(() => {
    calls = [];
    current = status();
    mockIPC((cmd, args) => {
      calls.push(cmd);
      switch (cmd) {
        case 'app_status':
          return current;
        case 'start_empty':
          current = status({ db_exists: true, open: true, schema_version: 1 });
          return current;
        case 'set_lang':
          current = { ...current, lang: (args as { lang: AppStatus['lang'] }).lang };
          return current;
        case 'list_brands':
          return [];
        case 'list_regions':
          return [];
        case 'plugin:event|listen':
          return 1;
        case 'dashboard':
          return { brands: 0, products: 0, observations: 0, latest_observed_on: null, regions_reporting: 0, current_activities: [] };
        default:
          throw { code: 'internal', message: `unexpected ${cmd}` };
      }
    });
  });
  afterEach(() => {
    cleanup();
    clearMocks();
  });

  it('shows the welcome screen with the data path, then the dashboard after start empty', async () => {
    render(App);
    expect(await screen.findByText('欢迎使用 MarketDesk 市场部工作台')).toBeTruthy();
    expect(screen.getByTestId('welcome-db-path').textContent).toBe('/tmp/x/marketdesk.db');
    await fireEvent.click(screen.getByTestId('start-empty'));
    expect(await screen.findByTestId('nav-competitors')).toBeTruthy();
    expect(calls).toContain('start_empty');
    expect(screen.getByTestId('screen-title').textContent).toBe('总览');
  });

  it('shows the upgrade screen while the data file is upgraded', async () => {
    current = status({ db_exists: true, upgrading: true, schema_version: 4 });
    render(App);
    expect(await screen.findByTestId('upgrading')).toBeTruthy();
    expect(screen.getByText('正在升级数据文件')).toBeTruthy();
    expect(screen.queryByTestId('nav-competitors')).toBeNull();
  });

  it('goes on to the dashboard when the upgrade ended while it started listening', async () => {
    let asked = 0;
    mockIPC((cmd) => {
      if (cmd === 'plugin:event|listen') return 1;
      if (cmd === 'app_status') {
        asked += 1;
        return asked === 1
          ? status({ db_exists: true, upgrading: true, schema_version: 4 })
          : status({ db_exists: true, open: true, schema_version: 5 });
      }
      if (cmd === 'list_brands') return [];
      if (cmd === 'dashboard')
        return { brands: 0, products: 0, observations: 0, latest_observed_on: null, regions_reporting: 0, current_activities: [] };
      return null;
    });
    render(App);
    expect(await screen.findByTestId('nav-competitors')).toBeTruthy();
    expect(asked).toBeGreaterThanOrEqual(2);
  });

  it('switches every nav label to English', async () => {
    current = status({ db_exists: true, open: true, schema_version: 1 });
    render(App);
    await screen.findByTestId('nav-settings');
    await fireEvent.click(screen.getByTestId('nav-settings'));
    expect(screen.getByTestId('screen-title').textContent).toBe('设置');
    await fireEvent.click(screen.getByTestId('lang-en'));
    await screen.findByText('Settings', { selector: 'h1' });
    expect(screen.getByTestId('nav-dashboard').textContent).toContain('Dashboard');
    expect(screen.getByTestId('nav-budget').textContent).toContain('Budget');
    expect(calls).toContain('set_lang');
  });

  it('shows the refusal of a newer data file instead of the app', async () => {
    current = status({
      db_exists: true,
      open_error: { code: 'schema_too_new', message: '数据文件结构版本是 9，比本程序支持的版本 1 新。' },
    });
    render(App);
    expect(await screen.findByTestId('open-error')).toBeTruthy();
    expect(screen.queryByTestId('nav-dashboard')).toBeNull();
  });
});

describe('i18n', () => {
  it('has every label in both languages, none empty', () => {
    const zh = Object.keys(messages['zh-CN']).sort();
    expect(Object.keys(messages.en).sort()).toEqual(zh);
    for (const lang of ['zh-CN', 'en'] as const) {
      for (const [k, v] of Object.entries(messages[lang])) {
        expect(v.trim(), `${lang} ${k}`).not.toBe('');
      }
    }
  });
});

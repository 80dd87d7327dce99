import { defineMessages } from '../../lib/messages';

export const SHELL_MESSAGES = defineMessages(
  {
    openMenu: '打开菜单',
    navLabel: '主导航',
    notFoundTitle: '找不到这个页面',
    notFoundText: '地址 {path} 没有对应的页面：链接可能有误，或者页面已经移动。',
    backTo: '返回{page}',
    loginTitle: '登录',
  },
  {
    openMenu: 'Open the menu',
    navLabel: 'Main',
    notFoundTitle: 'Page not found',
    notFoundText: 'There is no page at {path}: the link may be wrong, or the page has moved.',
    backTo: 'Back to {page}',
    loginTitle: 'Sign in',
  },
);

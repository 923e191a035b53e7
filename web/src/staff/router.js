import { createRouter, createWebHistory } from 'vue-router';
import { session, loadSession, hasRole } from './session.js';
// The landing page is part of the main bundle: no second round trip for it.
import Workbench from './views/Workbench.vue';

// Leadership duties, assessment and accountability: for those who answer
// for a unit or watch over it (viewers read only); not for handlers.
export const DUTIES = ['leader', 'officer', 'supervisor', 'viewer', 'admin'];

// Every other view is its own chunk: the workbench loads without the
// charts, the register form or the admin pages.
const routes = [
  { path: '/', redirect: '/workbench' },
  { path: '/login', component: () => import('./views/Login.vue'), meta: { public: true, title: '登录' } },
  { path: '/workbench', component: Workbench, meta: { title: '工作台' } },
  { path: '/register', component: () => import('./views/Register.vue'), meta: { title: '登记', roles: ['officer', 'leader', 'admin'] } },
  { path: '/cases', component: () => import('./views/CaseList.vue'), meta: { title: '信访件' } },
  { path: '/cases/:id(\\d+)', component: () => import('./views/CaseView.vue'), meta: { title: '信访件详情' } },
  { path: '/supervision', component: () => import('./views/Supervisions.vue'), meta: { title: '督办' } },
  { path: '/dashboard', component: () => import('./views/Dashboard.vue'), meta: { title: '统计分析' } },
  { path: '/leadership', component: () => import('./views/Leadership.vue'), meta: { title: '领导责任', roles: DUTIES } },
  { path: '/assessment', component: () => import('./views/Assessment.vue'), meta: { title: '考核评价', roles: DUTIES } },
  { path: '/accountability', component: () => import('./views/Accountability.vue'), meta: { title: '责任追究', roles: DUTIES } },
  { path: '/admin/units', component: () => import('./views/Units.vue'), meta: { title: '单位管理', roles: ['admin'] } },
  { path: '/admin/users', component: () => import('./views/Users.vue'), meta: { title: '用户管理', roles: ['admin'] } },
  { path: '/admin/calendar', component: () => import('./views/Calendar.vue'), meta: { title: '节假日管理', roles: ['admin'] } },
  { path: '/password', component: () => import('./views/Password.vue'), meta: { title: '修改密码' } },
  { path: '/:rest(.*)*', component: () => import('./views/NotFound.vue'), meta: { title: '页面不存在' } },
];

export const router = createRouter({ history: createWebHistory('/'), routes });

router.beforeEach(async (to) => {
  if (!session.loaded) await loadSession();
  if (to.meta.public) return session.user && to.path === '/login' ? '/workbench' : true;
  if (!session.user) {
    const query = to.fullPath !== '/workbench' ? { next: to.fullPath } : {};
    if (session.expired) query.expired = '1';
    session.expired = false;
    return { path: '/login', query };
  }
  if (to.meta.roles && !hasRole(...to.meta.roles)) return '/workbench';
  return true;
});

router.afterEach((to) => {
  document.title = `${to.meta.title || ''} · 信访信息系统`;
});

import { useEffect, useRef } from 'preact/hooks';
import { MeasurePage } from './pages/measure';
import { ProgrammePage } from './pages/programme';
import { PROVINCE_CODE, RegionPage } from './pages/region';
import { SearchPage } from './pages/search';
import { href, useRoute, type Route } from './router';

const SECTIONS = [
  { segment: '', label: '工程概览', to: href([]) },
  { segment: 'region', label: '地区', to: href(['region', PROVINCE_CODE]) },
  { segment: 'search', label: '搜索', to: href(['search']) },
];

function Page({ route }: { route: Route }) {
  const [section, id] = route.segments;
  switch (section) {
    case undefined:
      return <ProgrammePage />;
    case 'region':
      return (
        <RegionPage
          code={id ?? PROVINCE_CODE}
          after={route.params.get('after') ?? undefined}
          find={route.params.get('find') ?? undefined}
        />
      );
    case 'search':
      return <SearchPage route={route} />;
    case 'measure':
      if (id) return <MeasurePage id={id} />;
      break;
  }
  return (
    <>
      <h1>页面不存在</h1>
      <p>
        请从 <a href={href([])}>工程概览</a> 开始浏览。
      </p>
    </>
  );
}

export function App() {
  const route = useRoute();
  const current = route.segments[0] ?? '';
  // A new page starts at its top, with focus on its content for keyboard and screen reader users;
  // the first page of a visit keeps the browser's own start, so the skip link is the first Tab stop.
  const firstPage = useRef(true);
  useEffect(() => {
    if (firstPage.current) {
      firstPage.current = false;
      return;
    }
    scrollTo(0, 0);
    document.getElementById('main')?.focus({ preventScroll: true });
  }, [route.segments.join('/')]);
  return (
    <>
      <a class="skip" href="#main" onClick={(e) => (e.preventDefault(), document.getElementById('main')?.focus())}>
        跳到正文
      </a>
      <header class="site-header">
        <a class="brand" href={href([])}>
          百千万工程政策图谱
        </a>
        <nav aria-label="主导航">
          <ul>
            {SECTIONS.map((s) => (
              <li key={s.segment}>
                <a href={s.to} aria-current={current === s.segment ? 'page' : undefined}>
                  {s.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        <Page route={route} />
      </main>
      <footer class="site-footer">数据来自各部门公开发布的文件；每条内容均注明原文出处。</footer>
    </>
  );
}

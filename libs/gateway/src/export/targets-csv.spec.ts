import { csvField, csvRecord, targetRecords, targetsCsvHeader, TARGET_COLUMNS } from './targets-csv';

describe('targets.csv', () => {
  it('quotes what a CSV reader would otherwise split or trim, and nothing else', () => {
    expect(csvField('常住人口城镇化率')).toBe('常住人口城镇化率');
    expect(csvField('学位, 含扩建')).toBe('"学位, 含扩建"');
    expect(csvField('新增"高中"学位')).toBe('"新增""高中""学位"');
    expect(csvField('第一行\n第二行')).toBe('"第一行\n第二行"');
    expect(csvField(' 前有空格')).toBe('" 前有空格"');
    expect(csvField(2.5)).toBe('2.5');
    expect(csvField(-0.015)).toBe('-0.015');
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
  });

  it('begins with the BOM and the header, and ends every record in CRLF', () => {
    expect(targetsCsvHeader()).toBe(`\uFEFF${TARGET_COLUMNS.map((c) => c.name).join(',')}\r\n`);
    expect(csvRecord(['a', 1, null])).toBe('a,1,\r\n');
  });

  it('writes one row per target, with its measure and empty fields for what the API gives as null', () => {
    const rows = targetRecords([
      {
        id: 'education-m',
        title: '方案',
        department: 'EDUCATION',
        targets: [
          {
            id: 't1',
            indicator: '学位',
            value: 2,
            unit: '万个',
            year: 2026,
            comparator: 'AT_LEAST',
            baseline: null,
            region: { code: '440600', name: '佛山市' },
            excerpt: '新增学位2万个。',
            progress: { latestValue: 1, observedOn: '2025', ratio: 0.5 },
          },
          {
            id: 't2',
            indicator: '覆盖率',
            value: 100,
            unit: '%',
            year: null,
            comparator: 'EXACTLY',
            baseline: { value: 80, year: 2023 },
            region: null,
            excerpt: '全覆盖。',
            progress: null,
          },
        ],
      },
      { id: 'health-m', title: '无目标', department: 'HEALTH', targets: [] },
    ]);
    expect(rows).toBe(
      'education-m,方案,EDUCATION,t1,学位,2,万个,AT_LEAST,2026,,,440600,佛山市,1,2025,0.5,新增学位2万个。\r\n' +
        'education-m,方案,EDUCATION,t2,覆盖率,100,%,EXACTLY,,80,2023,,,,,,全覆盖。\r\n',
    );
  });
});

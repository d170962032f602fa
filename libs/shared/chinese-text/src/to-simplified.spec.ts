import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { toSimplified } from './to-simplified';

const seed004 = readFileSync(join(__dirname, '..', '..', '..', '..', 'data', 'seeds', '004_32fb824a92372895.txt'), 'utf8');

describe('toSimplified', () => {
  it('converts Traditional titles from the seeds', () => {
    expect(toSimplified('《廣東省“百縣千鎮萬村高質量發展工程”教育行動方案(2023—2027年)》')).toBe(
      '《广东省“百县千镇万村高质量发展工程”教育行动方案(2023—2027年)》',
    );
    expect(toSimplified('廣東省交通運輸廳關于貫徹落實')).toBe('广东省交通运输厅关于贯彻落实');
    expect(toSimplified('中共廣東省委 廣東省人民政府')).toBe('中共广东省委 广东省人民政府');
  });

  it('turns the particle 著 into 着 where Traditional uses it (001 lines 38, 52)', () => {
    expect(toSimplified('著力建設具有中國氣派')).toBe('着力建设具有中国气派');
    expect(toSimplified('向著更高水平和更高質量邁進')).toBe('向着更高水平和更高质量迈进');
  });

  it('keeps 著 where it is correct in Simplified', () => {
    expect(toSimplified('全省鄉村建設取得顯著成效')).toBe('全省乡村建设取得显著成效');
    expect(toSimplified('五年显著变化')).toBe('五年显著变化');
    expect(toSimplified('显著力量')).toBe('显著力量');
  });

  it('leaves a Simplified seed unchanged (004)', () => {
    expect(toSimplified(seed004)).toBe(seed004);
  });

  it('does not rewrite words (文件 stays 文件, 建立 stays 建立)', () => {
    expect(toSimplified('政策文件整理')).toBe('政策文件整理');
    expect(toSimplified('建立慈善幫扶資源供需精準對接機制')).toBe('建立慈善帮扶资源供需精准对接机制');
  });
});

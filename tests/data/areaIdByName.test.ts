import { describe, expect, it } from 'vitest';
import { areaIdByName } from '../../src/data/areas.ts';

describe('areaIdByName: the one area a planner\'s name for it names', () => {
  // Rows of data/areas/areas.csv, read by eye: id, name_zh, name_en.
  it.each([
    ['威海市', 'weihai'], // weihai,威海市,Weihai
    ['威海', 'weihai'],
    ['Weihai', 'weihai'],
    [' WEIHAI ', 'weihai'],
    ['Yicheng', 'yicheng'], // yicheng,宜城市,Yicheng (Xiangyang)
    ['yicheng (xiangyang)', 'yicheng'],
    ['重庆', 'chongqing'], // chongqing,重庆市,Chongqing (municipality); chongqing_zhucheng,重庆市主城九区
    ['Jilin City', 'jilinshi'], // jilinshi,吉林市,Jilin City
    ['张北', 'zhangbei'], // zhangbei,张北县,Zhangbei County
    ['山东', 'shandong'], // shandong,山东省,Shandong
  ])('%s → %s', (name, id) => expect(areaIdByName(name)).toBe(id));

  it.each([['天津'], ['atlantis'], [''], ['dalain']])('%j names none', (name) => expect(areaIdByName(name)).toBeUndefined());
});

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
    // A part of a district's or town's name, where no area is named so: a word of its id, its Chinese name after its
    // city or county (init yanta suggested yanji).
    ['yanta', 'xian_yanta'], // xian_yanta,西安市雁塔区,Xi'an Yanta District
    ['雁塔', 'xian_yanta'],
    ['雁塔区', 'xian_yanta'],
    ['Jinnan', 'tianjin_jinnan'], // tianjin_jinnan,天津市津南区,Tianjin Jinnan District
    ['龙港', 'cangnan_longgang'], // cangnan_longgang,苍南县龙港镇,Longgang Town (Cangnan)
    ['chongqing', 'chongqing'], // chongqing,重庆市: the municipality, not chongqing_zhucheng
    ['光明', 'shenzhen_guangming'], // shenzhen_guangming,深圳市（光明新区）: 新区 stripped as 区 is
  ])('%s → %s', (name, id) => expect(areaIdByName(name)).toBe(id));

  // A city's word of a district's id names the city, which is no area here: shanghai (shanghai_jinshan), xian
  // (xian_yanta), beijing (beijing_tongzhou); tianjin of two ids.
  it.each([['天津'], ['atlantis'], [''], ['dalain'], ['tianjin'], ['shanghai'], ['xian'], ['beijing'], ['上海']])('%j names none', (name) => expect(areaIdByName(name)).toBeUndefined());
});

/**
 * The words of the demo college: people's names, the colleges of a medical university, study
 * topics through the years, achievements. Only data; the generator decides how to combine them.
 */
import type { TAchievementKind, TCategory, TModule } from '../../shared/domain';

/** Common surnames, most frequent first (the generator favours the head of the list). */
export const SURNAMES = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '黄',
  '赵',
  '吴',
  '周',
  '徐',
  '孙',
  '马',
  '朱',
  '胡',
  '郭',
  '何',
  '高',
  '林',
  '罗',
  '郑',
  '梁',
  '谢',
  '宋',
  '唐',
  '许',
  '韩',
  '冯',
  '邓',
  '曹',
  '彭',
  '曾',
  '肖',
  '田',
  '董',
  '袁',
  '潘',
  '于',
  '蒋',
  '蔡',
  '余',
  '杜',
  '叶',
  '程',
  '苏',
  '魏',
  '吕',
  '丁',
  '任',
  '沈',
  '姚',
  '卢',
  '姜',
  '崔',
  '钟',
  '谭',
  '陆',
  '汪',
  '范',
  '金',
  '石',
  '廖',
  '贾',
  '夏',
  '韦',
  '付',
  '方',
  '白',
  '邹',
  '孟',
  '熊',
  '秦',
  '邱',
  '江',
  '尹',
  '薛',
  '闫',
  '段',
  '雷',
  '侯',
  '龙',
  '史',
  '陶',
  '黎',
  '贺',
  '顾',
  '毛',
  '郝',
  '龚',
  '邵',
  '万',
  '钱',
  '严',
  '覃',
  '武',
  '戴',
  '莫',
  '孔',
  '向',
  '欧阳',
  '司马',
] as const;

export const GIVEN_NAME_CHARS = [
  '伟',
  '芳',
  '娜',
  '敏',
  '静',
  '丽',
  '强',
  '磊',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
  '秀',
  '霞',
  '平',
  '刚',
  '桂',
  '英',
  '华',
  '玉',
  '萍',
  '红',
  '鹏',
  '辉',
  '建',
  '晓',
  '文',
  '斌',
  '宇',
  '浩',
  '凯',
  '佳',
  '欣',
  '雪',
  '琳',
  '婷',
  '倩',
  '慧',
  '颖',
  '晨',
  '阳',
  '博',
  '嘉',
  '子',
  '思',
  '梦',
  '雨',
  '泽',
  '睿',
  '瑞',
  '航',
  '怡',
  '璐',
  '悦',
  '昊',
  '天',
  '海',
  '志',
  '国',
  '春',
  '兰',
  '燕',
  '岚',
  '楠',
  '峰',
  '彬',
  '帆',
  '宁',
  '欢',
  '蕾',
  '卫',
  '东',
  '新',
  '立',
  '振',
  '珍',
  '荣',
  '淑',
  '德',
  '凤',
] as const;

/** The colleges (党总支) of the medical university, in the order of their codes ZZ01…ZZ08. */
export const COLLEGES = [
  '临床医学院',
  '护理学院',
  '药学院',
  '医学技术学院',
  '公共卫生学院',
  '基础医学部',
  '马克思主义学院',
  '继续教育学院',
] as const;

/** Offices whose staff form administrative branches beside 行政第N党支部. */
export const ADMIN_OFFICES = [
  '教务处',
  '科研处',
  '学生工作部',
  '人事处',
  '财务处',
  '后勤保障处',
  '图书馆',
  '信息中心',
  '国际交流处',
  '研究生院',
] as const;

/** The two offices of 行政第一党支部 (domain.md), named in its notes and titles. */
export const XZ01_OFFICES = ['党政办', '对外交流部'] as const;

export interface Topic {
  text: string;
  modules: readonly TModule[];
  /** Months (inclusive, `YYYY-MM`) in which the topic is current; open ends when absent. */
  from?: string;
  to?: string;
  categories?: readonly TCategory[];
}

/** Political study topics, each current in its own time. */
export const STUDY_TOPICS: readonly Topic[] = [
  { text: '学习党的二十大精神', modules: ['spirit'], from: '2022-10', to: '2024-06' },
  {
    text: '学习贯彻习近平新时代中国特色社会主义思想主题教育',
    modules: ['spirit', 'capability'],
    from: '2023-04',
    to: '2023-12',
  },
  { text: '大兴调查研究', modules: ['development', 'capability'], from: '2023-04', to: '2023-12' },
  {
    text: '党纪学习教育：学习《中国共产党纪律处分条例》',
    modules: ['spirit'],
    from: '2024-04',
    to: '2024-07',
  },
  { text: '学习二十届三中全会精神', modules: ['spirit', 'development'], from: '2024-08', to: '2025-10' },
  { text: '深入贯彻中央八项规定精神学习教育', modules: ['spirit'], from: '2025-03', to: '2025-08' },
  { text: '学习二十届四中全会精神', modules: ['spirit', 'development'], from: '2025-11' },
  { text: '学习习近平总书记关于教育的重要论述', modules: ['spirit', 'capability'] },
  { text: '学习习近平总书记关于卫生健康的重要论述', modules: ['spirit', 'development'] },
  { text: '学习党史', modules: ['spirit'] },
  { text: '学习《中国共产党章程》', modules: ['spirit'] },
  { text: '党内法规学习', modules: ['spirit'] },
  { text: '意识形态工作专题学习', modules: ['spirit'] },
  { text: '全面从严治党专题学习', modules: ['spirit'] },
];

/** Topics joined to the work of each kind of branch (互融性). */
export const WORK_TOPICS: readonly Topic[] = [
  { text: '课程思政建设研讨', modules: ['capability', 'development'], categories: ['faculty'] },
  { text: '教学改革与一流课程建设', modules: ['capability', 'development'], categories: ['faculty'] },
  { text: '科研诚信与学术规范', modules: ['spirit', 'capability'], categories: ['faculty'] },
  { text: '医德医风建设', modules: ['spirit'], categories: ['faculty'] },
  { text: '师德师风专题学习', modules: ['spirit'], categories: ['faculty'] },
  { text: '学科建设与人才培养', modules: ['development'], categories: ['faculty'] },
  { text: '学风建设', modules: ['capability'], categories: ['student'] },
  { text: '考研与就业经验交流', modules: ['capability'], categories: ['student'] },
  { text: '发展党员工作', modules: ['spirit'], categories: ['student'] },
  { text: '医学生誓言与职业精神', modules: ['spirit', 'capability'], categories: ['student'] },
  { text: '优化服务流程、提升办事效率', modules: ['development', 'capability'], categories: ['admin'] },
  { text: '机关作风建设', modules: ['spirit'], categories: ['admin'] },
  { text: '依法治校', modules: ['development'], categories: ['admin'] },
  { text: '对外交流与合作工作研讨', modules: ['development', 'capability'], categories: ['admin'] },
  { text: '老有所为、发挥余热', modules: ['development'], categories: ['retired'] },
  { text: '健康养老知识讲座', modules: ['capability'], categories: ['retired'] },
  { text: '关心下一代工作', modules: ['development'], categories: ['retired'] },
  { text: '工作方法研讨', modules: ['capability', 'development'] },
  { text: '年度工作总结与计划', modules: ['development'] },
];

/** Theme days that belong to a month of the year. */
export const SEASONAL_TOPICS: Readonly<Record<number, readonly Topic[]>> = {
  3: [{ text: '学雷锋志愿服务', modules: ['spirit', 'development'] }],
  4: [{ text: '清明祭英烈', modules: ['spirit'] }],
  5: [{ text: '传承五四精神', modules: ['spirit'], categories: ['student'] }],
  6: [{ text: '庆祝建党{party}周年', modules: ['spirit'] }],
  7: [{ text: '“七一”重温入党誓词', modules: ['spirit'] }],
  9: [{ text: '弘扬教育家精神', modules: ['spirit', 'capability'], categories: ['faculty'] }],
  10: [{ text: '喜迎国庆', modules: ['spirit'] }],
  12: [{ text: '宪法宣传日专题学习', modules: ['spirit', 'development'] }],
};

export const COMMITTEE_AGENDAS = [
  '研究部署月度工作',
  '讨论发展党员工作',
  '研究主题党日安排',
  '党费收缴情况通报',
  '讨论支部年度计划',
  '研究党员教育管理',
] as const;

export const ORG_LIFE_TOPICS = [
  '对照检查、批评与自我批评',
  '查摆问题、整改落实',
  '以学铸魂、以学增智',
] as const;

export const SECRETARY_LECTURE_TOPICS = [
  '做新时代合格共产党员',
  '弘扬伟大建党精神',
  '以高质量党建引领事业发展',
  '践行初心使命、勇于担当作为',
] as const;

export interface AchievementTemplate {
  kind: TAchievementKind;
  title: string;
  categories?: readonly TCategory[];
  /** Last year in which the template is realistic (e.g. nucleic-acid testing). */
  untilYear?: number;
}

export const ACHIEVEMENT_TEMPLATES: readonly AchievementTemplate[] = [
  { kind: 'volunteer_service', title: '核酸检测志愿服务', untilYear: 2022 },
  { kind: 'volunteer_service', title: '社区义诊志愿服务', categories: ['faculty', 'student'] },
  { kind: 'volunteer_service', title: '无偿献血志愿服务' },
  { kind: 'volunteer_service', title: '健康科普进社区' },
  { kind: 'volunteer_service', title: '迎新志愿服务', categories: ['student', 'admin'] },
  { kind: 'volunteer_service', title: '国际学术会议志愿服务', categories: ['admin'] },
  { kind: 'volunteer_service', title: '乡村振兴健康帮扶', categories: ['faculty', 'student'] },
  { kind: 'volunteer_service', title: '关爱空巢老人志愿服务', categories: ['retired', 'student'] },
  { kind: 'project_approval', title: '青年教师国际交流项目', categories: ['admin'] },
  { kind: 'project_approval', title: '党建工作研究课题', categories: ['admin', 'faculty'] },
  { kind: 'project_approval', title: '自然科学基金项目', categories: ['faculty'] },
  { kind: 'project_approval', title: '教学改革研究项目', categories: ['faculty'] },
  { kind: 'project_approval', title: '大学生创新创业训练计划项目', categories: ['student'] },
  { kind: 'award', title: '先进基层党组织', categories: ['admin', 'faculty', 'student', 'retired'] },
  { kind: 'award', title: '优秀共产党员' },
  { kind: 'award', title: '优秀党务工作者' },
  { kind: 'award', title: '样板支部', categories: ['faculty', 'student'] },
  { kind: 'proposal_adopted', title: '关于优化办事流程的建议', categories: ['admin'] },
  { kind: 'proposal_adopted', title: '关于加强国际学生管理的方案', categories: ['admin'] },
  { kind: 'proposal_adopted', title: '关于完善课程思政评价的建议', categories: ['faculty'] },
  { kind: 'proposal_adopted', title: '关于校园适老化改造的建议', categories: ['retired'] },
  { kind: 'proposal_adopted', title: '关于改进学生社区服务的建议', categories: ['student'] },
];

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'] as const;

/** 1 → 一, 12 → 十二, 105 → 一百零五 (1–9999), for names such as 教工第十二党支部. */
export function chineseNumber(n: number): string {
  if (n < 10) return DIGITS[n] as string;
  if (n < 20) return `十${n % 10 ? DIGITS[n % 10] : ''}`;
  const units: [number, string][] = [
    [1000, '千'],
    [100, '百'],
    [10, '十'],
  ];
  let out = '';
  let rest = n;
  let pendingZero = false;
  for (const [value, name] of units) {
    const d = Math.floor(rest / value);
    rest %= value;
    if (d > 0) {
      if (pendingZero) out += '零';
      out += `${DIGITS[d]}${name}`;
      pendingZero = false;
    } else if (out) {
      pendingZero = true;
    }
  }
  if (rest > 0) out += `${pendingZero ? '零' : ''}${DIGITS[rest]}`;
  return out;
}

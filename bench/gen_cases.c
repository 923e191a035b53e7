/* Generates realistic petition items (信访事项) for the benchmarks.
 *
 *   gen_cases --db FILE --count N [--seed S]
 *       registers N cases straight through the store (xf_lifecycle_register
 *       + xf_store_case_insert + the history event), 20,000 to a
 *       transaction, received between 2023-01-01 and 2026-06-30 and spread
 *       over the authorities, universities and schools of the database;
 *       prints one JSON line {"name":"gen_cases","cases","seconds","rate",
 *       "db_bytes"}.
 *   gen_cases --bodies N [--db FILE] [--seed S]
 *       prints N request bodies for POST /api/v1/cases, one per line (with
 *       --db, respondents are real school units of that database).
 *
 * The texts are templates × school names × issues × petitioner names:
 * an opening in the voice of a parent, a teacher or a resident, one of
 * about twenty education issues with its own details (sums, dates, grades,
 * teachers), a demand and a closing, so that bigram search finds realistic
 * hit counts, and each letter adds two to four circumstances of its own from
 * a bank of sentences, so that letters on one issue are related but not
 * near-identical (which would flag every item as a repeat). With --db, one
 * body in ten is a petitioner writing again about a case of the database.
 * ID numbers are valid GB 11643 numbers of Henan counties; phone numbers
 * are valid mobile numbers.
 *
 * Why straight through the store rather than HTTP: one million HTTP
 * registrations with durable commits would take the better part of an
 * hour; batching them in big transactions takes minutes, and the rows are
 * the ones the server itself writes (same functions). The audit record of
 * each registration is not written (the chain is not what is measured). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <jansson.h>
#include <sqlite3.h>

#include "core/calendar.h"
#include "core/lifecycle.h"
#include "store/cases.h"
#include "store/fts_bigram.h"
#include "store/store.h"

#define BATCH 20000

/* ---- random ----------------------------------------------------------- */

static uint64_t rng = 0x2545f4914f6cdd1dULL;

static uint64_t
rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static int
rn(int n)
{
	return (int)(rnd() % (uint64_t)n);
}

#define PICK(a) (a[rn((int)(sizeof(a) / sizeof(a[0])))])

/* ---- word banks --------------------------------------------------------- */

static const char *const SURNAMES[] = {
	"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙",
	"胡", "朱", "高", "林", "何", "郭", "马", "罗", "梁", "宋", "郑", "谢",
	"韩", "唐", "冯", "于", "董", "萧", "程", "曹", "袁", "邓", "许", "傅",
	"沈", "曾", "彭", "吕", "苏", "卢", "蒋", "蔡", "贾", "丁", "魏", "薛",
	"叶", "阎", "余", "潘", "杜", "戴", "夏", "钟", "汪", "田", "任", "姜",
	"范", "方", "石", "姚", "谭", "廖", "邹", "熊", "金", "陆", "郝", "孔",
	"白", "崔", "康", "毛", "邱", "秦", "江", "史", "顾", "侯", "邵", "孟",
	"司马", "欧阳", "诸葛",
};
static const char *const GIVEN[] = {
	"伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋",
	"勇", "艳", "杰", "娟", "涛", "明", "超", "秀兰", "霞", "平", "刚",
	"桂英", "建国", "建华", "国强", "志明", "海燕", "红梅", "玉兰", "文博",
	"子涵", "浩然", "梓萱", "一诺", "欣怡", "宇航", "俊杰", "淑珍", "凤英",
	"春生", "秋菊", "冬梅", "振华", "德胜", "保国", "金山", "银环", "喆",
	"晓东", "晓燕", "丽娟", "卫东", "向阳", "红旗", "新民", "丰收", "翠花",
};
static const char *const VILLAGES[] = {
	"王庄", "李寨", "张湾", "刘楼", "陈营", "杨河", "赵岗", "黄店", "周口",
	"后王", "前刘", "大李", "小张", "东孙", "西韩", "南岗", "北湖", "马庄",
};
static const char *const TOWNS[] = {
	"城关镇", "城关街道", "新华路街道", "郑庄镇", "白沙镇", "古城乡",
	"十里铺乡", "三官庙镇", "黄河路街道", "孙庄乡", "杏花营镇", "白庙乡",
};
static const char *const GRADES[] = {
	"一年级", "二年级", "三年级", "四年级", "五年级", "六年级", "七年级",
	"八年级", "九年级", "高一", "高二", "高三",
};
static const char *const SUBJECTS[] = {
	"语文", "数学", "英语", "物理", "化学", "生物", "历史", "地理",
	"道德与法治", "体育", "音乐", "美术",
};
static const char *const SCHOOL_KINDS[] = {
	"第一小学", "第二小学", "第三小学", "实验小学", "第一初级中学",
	"第二初级中学", "实验中学", "第一高级中学", "中心小学", "中心幼儿园",
	"职业中等专业学校", "外国语学校",
};

/* Henan county-level codes (GB/T 2260) for ID numbers and locations. */
static const char *const REGIONS[] = {
	"410102", "410103", "410104", "410105", "410122", "410181", "410202",
	"410203", "410302", "410311", "410402", "410502", "410602", "410702",
	"410802", "410902", "411002", "411102", "411202", "411302", "411303",
	"411402", "411502", "411602", "411702", "410225", "410482", "410526",
	"410783", "411381", "411481", "411525", "411628", "411729",
};

/* ---- issues -------------------------------------------------------------
 * Voice: P parent, T teacher or staff, R resident, S student. Slots in the
 * texts: $S school, $N petitioner, $K child, $X a teacher or official,
 * $G grade, $J subject, $Y year, $M month, $D day, $A an amount (yuan),
 * $B a bigger amount, $C number of people, $V village, $W town. */
typedef struct {
	const char	*category;
	const char	*purpose;
	char		 voice;
	char		 cls;		/* c claim, a accusation, s suggestion */
	const char	*title[3];
	const char	*body[3];
	const char	*demand[2];
} issue;

static const issue ISSUES[] = {
	{ "0301", "3", 'P', 'a',
	  { "反映$S违规收取补课费问题", "$S强制学生参加有偿补课", "举报$S乱收费" },
	  { "$Y年$M月起，$S以“课后服务”名义组织$G学生集中补课，每名学生每学期收取$A元，班主任$X在家长群里要求不交费的学生也必须到校，并点名批评。",
	    "学校在暑假期间组织$G全体学生到校补课$C天，按每天$A元收取费用，没有开具任何票据，家长询问时$X老师说是自愿参加，实际上不参加的孩子开学后被调到最后一排。",
	    "$S今年开学向每名学生收取资料费、校服费、空调费等共计$A元，其中空调费并没有公示收费依据，学校也没有召开家长会说明。" },
	  { "请求教育局查处违规收费行为，退还已收取的费用。", "希望上级部门查清收费依据，依法依规处理相关责任人。" } },
	{ "0202", "2", 'P', 'c',
	  { "关于孩子转学手续办理困难的求助", "$S拒绝为学生办理学籍转出", "转学学籍问题求助" },
	  { "我家孩子$K原在$S$G就读，$Y年$M月因工作调动全家搬到外地，新学校已同意接收，但$S以学籍系统锁定为由一直不给办理学籍转出手续，已经拖了$C天。",
	    "孩子$K在$S读$G，因随父母务工需要转学，转入学校已出具接收证明。$S教务处$X老师多次让我们等通知，至今没有办理，孩子现在只能借读，无法参加期末统一考试。",
	    "孩子在$S借读两年，学籍一直挂在老家学校，现在要回户籍地参加中考，两边学校互相推诿，学籍转不过来，报名马上截止。" },
	  { "恳请教育局督促学校尽快办理学籍转接。", "希望上级部门协调解决孩子的学籍问题，不要耽误孩子上学。" } },
	{ "0401", "2", 'T', 'c',
	  { "反映乡村教师生活补助未按时发放", "$S拖欠教师工资问题", "关于教师工资待遇落实的诉求" },
	  { "我是$S的一名$J教师，$Y年$M月以来，乡村教师生活补助每月$A元一直没有发放，学校说是县财政没有拨付，我们多次向教育局反映，至今没有结果。",
	    "按照规定义务教育教师平均工资收入水平不低于当地公务员平均工资收入水平，但我县教师年终一次性奖励至今未发，全校$C名教师每人少发$B元左右。",
	    "我在$S任教二十多年，$Y年绩效工资调整后每月反而少了$A元，学校没有公布绩效考核方案，我们也不知道是怎么算的。" },
	  { "请求尽快足额发放拖欠的工资补助。", "希望教育局公开绩效工资分配方案，保障教师合法权益。" } },
	{ "0402", "1", 'T', 'c',
	  { "对$Y年中小学教师职称评审结果的申诉", "职称评审不公问题反映", "关于高级职称名额分配的意见" },
	  { "我参加了$Y年中小学一级教师职称评审，各项条件均符合要求，考核连续三年优秀，但最终没有通过。同校的$X老师任教年限和业绩都不如我，却评上了，评审过程没有公示打分情况。",
	    "$S今年只分到$C个高级职称名额，学校领导私下决定推荐人选，没有按照量化积分排序，$X的积分排在第八位却被推荐上报，我们多名教师不服。",
	    "我在乡村学校任教满二十年，按政策可以直接认定中级职称，但县教育局人事股说材料不全，要求补交的证明材料前后变了三次。" },
	  { "请求重新审查评审结果并公开评分细则。", "希望主管部门依规处理，给我一个公平的说法。" } },
	{ "0501", "3", 'P', 'a',
	  { "举报$S教师体罚学生", "$S老师殴打学生致伤问题", "反映教师变相体罚学生" },
	  { "$Y年$M月$D日上午，$S$G$J老师$X因我孩子$K作业没写完，当着全班的面用教鞭打孩子手心二十多下，孩子手掌红肿，回家后不敢说，晚上发烧才告诉我们。",
	    "我孩子$K在$S读$G，班主任$X经常罚学生在走廊站一整节课，还让学生互相打耳光，孩子现在害怕上学，晚上做噩梦。",
	    "$S的$X老师因学生上课说话，罚全班学生抄写课文一百遍，很多孩子写到深夜十二点，家长在群里提意见后被老师移出群聊。" },
	  { "请求教育局严肃处理涉事教师，并向孩子道歉。", "希望学校加强师德师风建设，杜绝体罚学生的行为。" } },
	{ "0502", "3", 'P', 'a',
	  { "举报在职教师有偿补课", "$S教师在校外办辅导班", "反映教师诱导学生参加有偿家教" },
	  { "$S$G$J老师$X在学校附近小区租房办辅导班，每周末上课，每人每月收费$A元，课堂上讲得很少，很多题目只在辅导班讲，不参加的学生成绩明显受影响。",
	    "$X老师是$S在编教师，暑假期间在校外培训机构兼职授课，并在班级群里推荐学生报名，每期收费$B元，家长碍于面子都报了名。",
	    "我孩子的$J老师多次暗示家长给孩子请家教，并推荐她丈夫开的培训班，每节课$A元，不去上课的学生座位被调到后排。" },
	  { "请依法查处在职教师有偿补课行为。", "希望加强监管，还孩子们一个公平的课堂。" } },
	{ "0601", "2", 'P', 'c',
	  { "$S校园欺凌事件处理不当", "反映孩子在校遭受欺凌", "关于校园欺凌问题的求助" },
	  { "我孩子$K在$S读$G，$Y年$M月以来多次被同班几名同学堵在厕所里索要零花钱，并被拍视频发到网上。我向班主任$X反映，学校只是让双方写了检讨，欺凌行为没有停止。",
	    "$Y年$M月$D日晚自习后，我孩子在宿舍被高年级学生殴打，造成鼻骨骨折，医药费花了$B元。学校认为是学生之间打闹，不愿承担责任。",
	    "孩子因为口音问题长期被同学孤立、辱骂，心理出现问题，现在休学在家，学校心理老师只谈过一次话，没有采取任何措施。" },
	  { "请求学校依法处理欺凌学生，并承担相应责任。", "希望教育局督促学校建立防治欺凌的长效机制。" } },
	{ "0604", "2", 'P', 'c',
	  { "$S食堂饭菜质量差", "反映学校食堂食品安全问题", "$S营养餐问题" },
	  { "$S食堂每餐收费$A元，但饭菜量少、品种单一，$Y年$M月$D日孩子在饭菜里吃出虫子，多名学生出现腹泻，学校没有向家长通报。",
	    "学校食堂承包给私人经营，价格比外面贵一倍，学生不允许外出就餐，也不允许带饭，学校说是为了安全，我们认为是变相强制消费。",
	    "农村义务教育学生营养改善计划每天每生5元的补助，$S只发一盒牛奶和一个面包，有时还是临期产品。" },
	  { "请求市场监管和教育部门联合检查学校食堂。", "希望公开食堂账目，保障孩子吃得安全、吃得健康。" } },
	{ "0901", "4", 'R', 'c',
	  { "关于$Y年学区划分调整的意见", "反映学区划分不合理问题", "小区被划出学区的诉求" },
	  { "我家住在$W$V小区，离$S步行只有五分钟，今年学区划分调整后，我们小区被划到五公里外的学校，孩子上学需要穿过两条主干道，非常不安全。",
	    "我们小区$C户居民购房时开发商承诺对口$S，$Y年招生时教育局突然调整学区，小区被划入新建学校，但新学校至今还没有完工。",
	    "我县城区学校大班额问题严重，$S每班超过七十人，而新建的学校招生不足，建议教育局统筹调整学区，均衡分配生源。" },
	  { "请求重新论证学区划分方案，听取居民意见。", "希望教育部门公开学区划分依据，保障孩子就近入学。" } },
	{ "0904", "2", 'P', 'c',
	  { "随迁子女入学难问题求助", "进城务工人员子女上学问题", "关于随迁子女积分入学的诉求" },
	  { "我们夫妻俩在$W打工已经六年，社保、居住证都齐全，今年孩子$K要上一年级，到$S报名时学校说学位已满，让我们回老家上学。",
	    "孩子今年$G，按照随迁子女入学政策应当享受同等待遇，但$S要求提供房产证，我们是租房居住，提供了租赁合同学校不认可。",
	    "随迁子女积分入学细则规定居住证满一年即可申请，但区教育局窗口工作人员$X说要满三年，前后说法不一致。" },
	  { "请求教育局协调安排孩子就近入学。", "恳请落实随迁子女入学政策，给孩子一个上学的机会。" } },
	{ "0102", "1", 'S', 'c',
	  { "对$Y年高考加分资格认定的申诉", "高考报名资格审核问题", "关于高考成绩复核的申请" },
	  { "我是$S应届毕业生，$Y年高考报名时因户籍迁入时间不满三年被认定为不符合报名条件，但我在本省连续就读高中三年，有完整学籍，符合随迁子女报名条件。",
	    "我获得省级三好学生称号，按政策可以享受加分，但市招办审核时说公示期已过不予认定，我们在公示期内就提交了材料，有邮寄凭证。",
	    "我$Y年高考数学成绩比估分低了四十多分，申请成绩复核后只告知“无误”，没有任何说明，我对结果有疑问。" },
	  { "请求重新审核报名资格，保障我的考试权利。", "希望招生考试机构依法复核并书面答复。" } },
	{ "0702", "2", 'P', 'c',
	  { "校外培训机构拒不退费问题", "反映培训机构跑路", "$W某培训机构预收费退费难" },
	  { "$Y年$M月我在$W一家培训机构给孩子报了一年的英语课，一次性交费$B元，上了不到两个月机构就关门了，负责人电话打不通，和我一样的家长有$C人。",
	    "培训机构以“提前续费优惠”为由让家长一次性交了两年的费用，后来因为不符合“双减”要求被责令停业，剩余课时费$B元至今没有退还。",
	    "孩子参加的美术培训班没有办学许可证，收费$A元一个月，场地是居民楼，消防通道堵塞，存在很大安全隐患。" },
	  { "请求教育、市场监管部门督促培训机构退还预收费用。", "希望加强对校外培训机构预收费的监管。" } },
	{ "0801", "2", 'S', 'c',
	  { "国家助学金评定不公问题", "反映$S助学金发放问题", "家庭经济困难认定有误" },
	  { "我家是建档立卡脱贫户，母亲常年生病，$Y年$S评定国家助学金时没有评上，而班上一些家庭条件很好的同学却评上了，评定过程没有公示。",
	    "我是$S$G学生，学校去年评给我的国家助学金$A元一直没有发到我的卡上，班主任$X说会统一发放，但一直没有下文。",
	    "家庭经济困难学生认定要求村委会开具证明，村里说政策取消了不再开具，学校又不认可其他材料，导致我无法申请资助。" },
	  { "请求核实助学金评定和发放情况。", "希望学校公开评定结果，把资助落到真正困难的学生身上。" } },
	{ "1002", "2", 'P', 'c',
	  { "民办学校违规收费及退费问题", "$S收取高额赞助费", "民办学校转学不退学费" },
	  { "孩子在民办$S读$G，学校每学期学费$B元，今年又以“课程升级”为由额外收取$A元，没有物价部门的审批文件。",
	    "孩子因身体原因在开学两周后转学，$S按合同拒绝退还一学年的学费和住宿费共计$B元，只同意退还伙食费。",
	    "$S招生时承诺小班教学，每班不超过三十人，实际每班五十多人，家长要求退费，学校说招生简章不是合同。" },
	  { "请求教育主管部门督促学校依规退费。", "希望加强对民办学校收费行为的监管。" } },
	{ "1303", "2", 'R', 'c',
	  { "$S建设工程拖欠农民工工资", "反映学校工程款拖欠问题", "关于校舍改造工程款的诉求" },
	  { "我们是$S教学楼改造工程的施工人员，共$C人，$Y年$M月工程已经完工验收，学校和施工方互相推诿，拖欠我们的工资$B元至今未付。",
	    "我公司承建了$S的操场改造工程，合同价$B元，验收合格已经两年，学校只支付了百分之三十，其余款项以财政资金未到位为由一直拖欠。",
	    "$S食堂改造工程$Y年完工，学校至今未组织结算审计，施工队垫付的材料款无法结清，工人天天上门讨薪。" },
	  { "请求督促学校尽快支付拖欠款项。", "恳请有关部门帮助农民工讨回血汗钱。" } },
	{ "1402", "3", 'T', 'a',
	  { "举报$S校长挪用公用经费", "反映学校领导违规使用经费", "举报$S财务管理混乱" },
	  { "$S校长$X长期以虚开发票的方式套取公用经费，$Y年购买办公用品的账面金额为$B元，实际采购不足三分之一，教职工对此意见很大。",
	    "学校以组织教师培训为名，实际组织部分领导到外地旅游，费用$B元从公用经费中列支，培训材料是事后补的。",
	    "$S食堂账目不公开，学校领导在食堂吃饭不交费，招待费用挂在学生伙食账上，每年金额有$B元左右。" },
	  { "请求纪检监察部门调查核实，严肃查处。", "希望上级部门对学校财务进行专项审计。" } },
	{ "1401", "3", 'T', 'a',
	  { "反映$S违规选拔中层干部", "举报学校干部任用不公", "$S竞聘上岗程序违规" },
	  { "$S今年选拔教导主任，事先没有公布竞聘方案，直接由校长$X提名了他的亲戚，教职工民主推荐的结果没有公开。",
	    "我校副校长竞聘中，笔试成绩第一的老师在面试环节被打了最低分，评委全部是学校领导，没有外聘专家，程序明显不公正。",
	    "县教育局$Y年选派的校长任职前没有经过公示，群众反映他在原单位就存在违规问题。" },
	  { "请求调查干部选拔程序是否合规。", "希望上级部门依规处理，维护公平公正。" } },
	{ "0303", "4", 'P', 's',
	  { "建议规范学校代收费项目", "关于校服征订的意见建议", "对课后服务收费的建议" },
	  { "$S每年要求统一购买校服，一套$A元，质量很差，洗几次就褪色，建议学校允许家长自愿购买，并公开招标过程。",
	    "课后服务收费标准各校不统一，$S每月收费$A元，而邻近学校只收一半，建议教育局统一制定收费标准并向社会公布。",
	    "学校要求家长统一订购指定的教辅资料，每学期$A元左右，很多资料根本用不上，建议取消强制征订。" },
	  { "建议教育部门加强对代收费的监督检查。", "希望采纳以上建议，减轻家长负担。" } },
	{ "0903", "4", 'R', 's',
	  { "对撤并$W$V小学的意见", "反映村小撤并后孩子上学远", "关于学校布局调整的建议" },
	  { "$Y年$V小学被撤并到$W中心小学，村里$C多名孩子每天要走五公里山路上学，学校没有校车，家长只能骑电动车接送，安全隐患很大。",
	    "教育局计划撤并$V教学点，但教学点还有二十多名学生，很多是留守儿童，爷爷奶奶没有能力接送，建议保留教学点。",
	    "$W中心小学撤并后校舍一直闲置，建议改建为幼儿园，解决村里孩子入园难的问题。" },
	  { "建议慎重论证学校撤并方案，听取村民意见。", "希望开通校车或者恢复教学点。" } },
	{ "1101", "2", 'S', 'c',
	  { "毕业证书补办问题求助", "$S拒发毕业证", "学历证明开具困难" },
	  { "我$Y年从$S毕业，毕业证在搬家时丢失，现在找工作需要学历证明，学校说档案已经移交教育局，教育局又让我找学校，来回跑了五六趟。",
	    "$S以我欠交住宿费$A元为由扣发毕业证书，我已经说明家庭困难正在筹钱，学校仍不同意先发证。",
	    "我在$S读完三年，因为学籍信息里名字错了一个字，毕业证无法在学信网查询，学校一直说在处理。" },
	  { "请求帮助尽快办理毕业证书或学历证明。", "希望学校依规发放毕业证书，不要以收费为条件。" } },
	{ "0603", "4", 'P', 'c',
	  { "$S校车超载问题", "反映接送学生车辆安全隐患", "关于校车安全的投诉" },
	  { "$S的校车核载十九人，每天实际乘坐三十多名学生，$Y年$M月$D日我亲眼看到车门都关不上，司机还开得很快。",
	    "学校附近有大量无证面包车接送学生，每人每月收费$A元，车况很差，交警查过几次但没有效果。",
	    "$S的校车停运后，学校没有任何替代安排，$C多名住得远的学生只能坐无证黑车上学。" },
	  { "请求相关部门立即整治校车超载问题。", "希望教育、公安部门联合排查，保障孩子出行安全。" } },
};

static const char *const OPEN_P[] = {
	"尊敬的领导：您好！我是$W$V的村民$N，孩子$K在$S读$G。",
	"我叫$N，是$S$G学生$K的家长，现将有关情况反映如下：",
	"各位领导好，我是$S学生家长$N，家住$W。",
	"我是$K的母亲$N，孩子目前在$S就读。",
	"教育局领导：我是$S$G的一名家长，名叫$N。",
};
static const char *const OPEN_T[] = {
	"尊敬的领导：我是$S的一名教师$N，在该校任教已有十多年。",
	"我叫$N，是$W一所乡村学校的$J教师。",
	"各位领导好，我是$S的在编教师$N，代表学校部分教职工反映问题。",
	"我是$N，原$S教职工，现将有关情况如实反映如下：",
};
static const char *const OPEN_R[] = {
	"尊敬的领导：我是$W$V的居民$N。",
	"我叫$N，家住$W$V，现就以下问题向领导反映。",
	"各位领导好，我是$W的群众$N，代表周边$C户居民反映情况。",
};
static const char *const OPEN_S[] = {
	"尊敬的领导：我是$S的学生$N。",
	"我叫$N，$Y年毕业于$S，现将个人遇到的问题反映如下。",
	"领导好，我是$S$G学生$N，家长陪同我一起反映。",
};
static const char *const MIDDLE[] = {
	"此前我们已经向学校和县教育局反映过多次，但一直没有得到明确答复。",
	"我们曾于$Y年$M月到学校当面反映，学校答应研究后回复，但没有下文。",
	"这件事情在家长中影响很大，大家都希望上级部门能够重视。",
	"我已拨打过12345热线，工作人员说已转交教育部门办理，但至今没有结果。",
	"相关情况有照片、缴费凭证和聊天记录为证，可以提供给调查人员。",
	"",
	"",
};
static const char *const CLOSINGS[] = {
	"恳请领导在百忙之中过问此事，谢谢！",
	"以上情况属实，恳请依法依规处理，给我们一个书面答复。",
	"希望早日解决，盼复。",
	"感谢领导在百忙之中阅读此信，期待您的回复。",
	"特此反映，请予调查处理。",
};
/* Circumstances a letter adds in its own words: two to four of them, in
 * random order, so that two letters on the same issue share the issue's
 * words but not their sentences (real letters are not near-identical:
 * without these, nine in ten generated letters were ≥ 0.8 bigram Jaccard
 * to an earlier one and would all be flagged 重复访). */
static const char *const FAMILY[] = {
	"孩子他爸常年在外地打工，家里只有我和两个孩子，还要照顾生病的婆婆。",
	"我们家是低保户，孩子$K平时学习很用功，这件事对他打击很大。",
	"孩子从小跟着爷爷奶奶生活，老人不识字，很多通知都看不懂。",
	"$Y年$M月$D日下午我专门请假去学校找了$X，等了两个多小时没见到人。",
	"孩子最近成绩下降得厉害，晚上经常哭，说不想去学校了。",
	"我们租住在$W的城中村，每月房租$A元，收入全靠摆摊。",
	"家里还有一个孩子在上幼儿园，每天接送都是我一个人。",
	"孩子的班主任换了三次，每次换人都说前面的事情不清楚。",
	"我丈夫身体残疾，家里的开支全靠我在厂里上班，一个月工资不到三千元。",
	"为了这件事我已经往返县城跑了好几趟，路费就花了好几百元。",
	"孩子今年$G，马上面临升学，我们实在耽误不起。",
	"孩子的外婆$Y年去世后，家里经济更加困难。",
};
static const char *const WORK[] = {
	"我今年五十二岁，一直在教学一线，带过的毕业班有十几届。",
	"学校共有教职工$C人，其中一半以上是四十五岁以上的老教师。",
	"我们多次在教代会上提出这个问题，每次都说研究研究。",
	"$Y年$M月校务会上校长当众表态会解决，会议记录可以查到。",
	"我每周上课二十节，还兼任班主任和教研组长，工作量全校最多。",
	"我的爱人也在本乡中心小学任教，我们两口子的情况一样。",
	"同批参加工作的同事在邻县早已解决，只有我们县还拖着。",
	"我曾向县教育局人事股的$X打电话询问，对方让我等文件。",
};
static const char *const COMMON[] = {
	"我们不是无理取闹，只是想要一个说法。",
	"$Y年$M月$D日我们到县教育局信访接待室反映过一次，接待的同志做了登记。",
	"我在网上查了相关政策文件，学校的做法明显不符合规定。",
	"当时在场的还有其他$C名家长和群众，都可以作证。",
	"学校门口的公告栏里从来没有贴过相关的公示。",
	"$X在电话里说这是上面的意思，让我们不要到处反映。",
	"听说$V那边的学校也有类似情况，只是大家不敢说。",
	"事情发生后学校找我们谈过一次话，要求我们不要往外说。",
	"这件事拖了快一年了，我们的耐心也快耗尽了。",
	"我们写过一封联名信交给了学校办公室，至今没有回音。",
	"乡里的干部也来问过情况，说会向上反映，后来就没有消息了。",
	"我的联系电话一直没有变，欢迎调查人员随时联系我。",
	"学校的答复前后矛盾，先说是县里的规定，后来又说是学校自己定的。",
	"我们咨询过律师，律师建议先向教育主管部门反映。",
	"身边的亲戚朋友都劝我算了，但我觉得这关系到孩子们的切身利益。",
	"如果情况不属实，我愿意承担相应的责任。",
};

static const char *const RESP_NAMES[] = { "校长", "副校长", "班主任",
	"教导主任", "总务主任", "老师" };

/* ---- text expansion ----------------------------------------------------- */

typedef struct {
	char	*s;
	size_t	 len, cap;
} sbuf;

static void
sb_put(sbuf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->s = realloc(b->s, b->cap);
		if (b->s == NULL)
			abort();
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void
sb_str(sbuf *b, const char *s)
{
	sb_put(b, s, strlen(s));
}

typedef struct {
	const char	*school;
	char		 name[32], child[32], other[32];
	const char	*grade, *subject, *village, *town;
	int		 year, month, day, amount, big, count;
} slots;

static void
random_name(char out[32])
{
	snprintf(out, 32, "%s%s", PICK(SURNAMES), PICK(GIVEN));
}

static void
expand(sbuf *b, const char *t, const slots *v)
{
	char num[24];
	const char *p;

	while ((p = strchr(t, '$')) != NULL) {
		sb_put(b, t, (size_t)(p - t));
		switch (p[1]) {
		case 'S': sb_str(b, v->school); break;
		case 'N': sb_str(b, v->name); break;
		case 'K': sb_str(b, v->child); break;
		case 'X': sb_str(b, v->other); break;
		case 'G': sb_str(b, v->grade); break;
		case 'J': sb_str(b, v->subject); break;
		case 'V': sb_str(b, v->village); break;
		case 'W': sb_str(b, v->town); break;
		case 'Y': snprintf(num, sizeof(num), "%d", v->year); sb_str(b, num); break;
		case 'M': snprintf(num, sizeof(num), "%d", v->month); sb_str(b, num); break;
		case 'D': snprintf(num, sizeof(num), "%d", v->day); sb_str(b, num); break;
		case 'A': snprintf(num, sizeof(num), "%d", v->amount); sb_str(b, num); break;
		case 'B': snprintf(num, sizeof(num), "%d", v->big); sb_str(b, num); break;
		case 'C': snprintf(num, sizeof(num), "%d", v->count); sb_str(b, num); break;
		default: sb_put(b, p, 2); break;
		}
		t = p + 2;
	}
	sb_str(b, t);
}

/* A GB 11643 citizen number: region, birth date, sequence, check digit. */
static void
id_number(const char *region, int female, char out[19])
{
	static const int w[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5,
		8, 4, 2 };
	int y = 1955 + rn(50), m = 1 + rn(12), d = 1 + rn(28), seq, sum = 0;

	seq = rn(500) * 2 + (female ? 0 : 1);
	/* The moduli only tell the compiler the widths (-Wformat-truncation
	 * at -O0); the values are already in range. */
	snprintf(out, 19, "%.6s%04u%02u%02u%03u", region, (unsigned)y % 10000u,
	    (unsigned)m % 100u, (unsigned)d % 100u, (unsigned)seq % 1000u);
	for (int i = 0; i < 17; i++)
		sum += (out[i] - '0') * w[i];
	out[17] = "10X98765432"[sum % 11];
	out[18] = '\0';
}

static void
phone(char out[12])
{
	static const char *const pre[] = { "130", "131", "132", "133", "135",
		"136", "137", "138", "139", "150", "151", "152", "155", "156",
		"158", "159", "166", "173", "176", "177", "178", "180", "181",
		"182", "183", "185", "186", "187", "188", "189", "191", "199" };

	snprintf(out, 12, "%s%08d", PICK(pre), rn(100000000));
}

/* ---- one case ------------------------------------------------------------ */

typedef struct {
	int64_t		 id;
	const char	*name;
	const char	*region;
} school;

typedef struct {
	const issue	*is;
	char		*title, *content;
	json_t		*petitioners;	/* array */
	json_t		*respondent;	/* object or NULL */
	int64_t		 respondent_unit;
	int		 headcount;
	xf_channel	 channel;
	xf_class	 cls;
	const char	*region;
	int		 flags;
} gen;

/* The problem location and most ID numbers are county-level codes: a
 * school's own code when it is one, else a county of the same city. */
static const char *
county_of(const char *region, const char *fallback)
{
	size_t i, n = sizeof(REGIONS) / sizeof(REGIONS[0]), k = 0;
	const char *hit[sizeof(REGIONS) / sizeof(REGIONS[0])];

	if (region == NULL || strlen(region) != 6)
		return fallback;
	if (strcmp(region + 4, "00") != 0)
		return region;
	for (i = 0; i < n; i++)
		if (strncmp(REGIONS[i], region, 4) == 0)
			hit[k++] = REGIONS[i];
	return k > 0 ? hit[rn((int)k)] : fallback;
}

static xf_channel
random_channel(void)
{
	int r = rn(100);

	if (r < 35)
		return XF_CH_LETTER;
	if (r < 70)
		return XF_CH_ONLINE;
	if (r < 85)
		return XF_CH_VISIT;
	if (r < 95)
		return XF_CH_PHONE;
	if (r < 98)
		return XF_CH_EMAIL;
	return XF_CH_FAX;
}

static void
make_case(gen *g, const school *sc, const char *fallback_region, int year)
{
	const issue *is = &ISSUES[rn((int)(sizeof(ISSUES) / sizeof(ISSUES[0])))];
	const char *opening;
	sbuf t = { 0 }, c = { 0 };
	slots v;
	int npet, i;

	memset(g, 0, sizeof(*g));
	memset(&v, 0, sizeof(v));
	g->is = is;
	v.school = sc->name;
	random_name(v.name);
	/* The child bears the petitioner's surname (first character). */
	{
		const char *given = PICK(GIVEN);
		size_t sl = strncmp(v.name, "司马", 6) == 0 ||
		    strncmp(v.name, "欧阳", 6) == 0 ||
		    strncmp(v.name, "诸葛", 6) == 0 ? 6 : 3;

		snprintf(v.child, sizeof(v.child), "%.*s%s", (int)sl, v.name,
		    given);
	}
	snprintf(v.other, sizeof(v.other), "%s%s", PICK(SURNAMES),
	    PICK(RESP_NAMES));
	v.grade = PICK(GRADES);
	v.subject = PICK(SUBJECTS);
	v.village = PICK(VILLAGES);
	v.town = PICK(TOWNS);
	v.year = year - rn(3);
	v.month = 1 + rn(12);
	v.day = 1 + rn(28);
	v.amount = 50 * (1 + rn(40));
	v.big = 1000 * (3 + rn(200));
	v.count = 3 + rn(60);

	expand(&t, is->title[rn(3)], &v);
	switch (is->voice) {
	case 'P': opening = PICK(OPEN_P); break;
	case 'T': opening = PICK(OPEN_T); break;
	case 'S': opening = PICK(OPEN_S); break;
	default: opening = PICK(OPEN_R); break;
	}
	expand(&c, opening, &v);
	{
		int b1 = rn(3), b2 = (b1 + 1 + rn(2)) % 3, k, j, nn = 2 + rn(3);
		const char *used[4];

		expand(&c, is->body[b1], &v);
		/* The letter's own circumstances, each at most once, some
		 * before the second detail and some after it. */
		for (k = 0; k < nn; k++) {
			const char *x;

			if (k == nn / 2 && rn(2))
				expand(&c, is->body[b2], &v);
			do {
				if (rn(3) == 0 || is->voice == 'R' ||
				    is->voice == 'S')
					x = PICK(COMMON);
				else
					x = is->voice == 'T' ? PICK(WORK) :
					    PICK(FAMILY);
				for (j = 0; j < k && used[j] != x; j++)
					;
			} while (j < k);
			used[k] = x;
			expand(&c, x, &v);
		}
	}
	expand(&c, PICK(MIDDLE), &v);
	expand(&c, is->demand[rn(2)], &v);
	expand(&c, PICK(CLOSINGS), &v);
	g->title = t.s;
	g->content = c.s;

	g->channel = random_channel();
	g->cls = is->cls == 'a' ? XF_CLASS_ACCUSATION : is->cls == 's' ?
	    XF_CLASS_SUGGESTION : XF_CLASS_CLAIM;
	/* Group petitions: 8 % of items, 5–40 people, at most 5
	 * representatives named (a visit with more is refused). */
	g->headcount = rn(100) < 8 ? 5 + rn(36) : 1;
	npet = g->headcount > 1 ? 1 + rn(5) : 1;
	g->region = county_of(sc->region, fallback_region);
	g->petitioners = json_array();
	for (i = 0; i < npet; i++) {
		char nm[32], idn[19], ph[12], addr[160];
		json_t *p;

		if (i == 0)
			snprintf(nm, sizeof(nm), "%s", v.name);
		else
			random_name(nm);
		p = json_pack("{s:s}", "name", nm);
		/* Anonymous accusations (5 %) carry no identity at all. */
		if (g->cls == XF_CLASS_ACCUSATION && rn(20) == 0) {
			json_object_set_new(p, "name", json_string("匿名"));
			g->flags |= XF_CF_ANONYMOUS;
		} else {
			id_number(rn(4) ? g->region : PICK(REGIONS), rn(2), idn);
			phone(ph);
			snprintf(addr, sizeof(addr), "河南省%s%s%d号",
			    v.town, v.village, 1 + rn(200));
			json_object_set_new(p, "id_number", json_string(idn));
			if (g->channel != XF_CH_LETTER || rn(2))
				json_object_set_new(p, "phone", json_string(ph));
			json_object_set_new(p, "address", json_string(addr));
		}
		json_array_append_new(g->petitioners, p);
	}
	if (sc->id > 0 && (g->cls == XF_CLASS_ACCUSATION || rn(2))) {
		g->respondent_unit = sc->id;
		g->respondent = json_pack("{s:I,s:[s]}", "unit_id",
		    (json_int_t)sc->id, "names", v.other);
	}
	if (g->headcount >= 5)
		g->flags |= XF_CF_COLLECTIVE;
	if (g->cls == XF_CLASS_ACCUSATION)
		g->flags |= XF_CF_CONFIDENTIAL;
}

static void
gen_free(gen *g)
{
	free(g->title);
	free(g->content);
	json_decref(g->petitioners);
	json_decref(g->respondent);
}

/* ---- units ----------------------------------------------------------------- */

typedef struct {
	xf_unit		*u;
	size_t		 n;
	/* registering units, weighted */
	int64_t		*reg;
	size_t		 nreg;
	/* for each unit index: schools in its subtree */
	school		**sch;
	size_t		*nsch;
	school		*all;
	size_t		 nall;
} tree;

static ssize_t
unit_index(const tree *t, int64_t id)
{
	size_t lo = 0, hi = t->n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (t->u[mid].id == id)
			return (ssize_t)mid;
		if (t->u[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

static int
unit_cb(void *ud, int64_t id, xf_unit_info *out)
{
	const tree *t = ud;
	ssize_t i = unit_index(t, id);
	const xf_unit *u;

	memset(out, 0, sizeof(*out));
	if (i < 0)
		return 0;
	u = &t->u[i];
	out->exists = 1;
	out->id = u->id;
	snprintf(out->name, sizeof(out->name), "%s", u->name);
	out->level = xf_unit_level_parse(u->level);
	out->kind = xf_unit_kind_parse(u->kind);
	out->parent_id = u->parent_id;
	out->active = u->active;
	snprintf(out->profile, sizeof(out->profile), "%s", u->profile);
	return 0;
}

static int
user_cb(void *ud, int64_t id, xf_user_info *out)
{
	(void)ud;
	(void)id;
	memset(out, 0, sizeof(*out));
	return 0;
}

static void
push_reg(tree *t, int64_t id, int weight)
{
	for (int i = 0; i < weight; i++) {
		t->reg = realloc(t->reg, (t->nreg + 1) * sizeof(int64_t));
		if (t->reg == NULL)
			abort();
		t->reg[t->nreg++] = id;
	}
}

static int
tree_load(tree *t, xf_store *st, xf_error *err)
{
	size_t i;

	memset(t, 0, sizeof(*t));
	if (xf_store_unit_all(st, &t->u, &t->n, err) == -1)
		return -1;
	t->sch = calloc(t->n, sizeof(school *));
	t->nsch = calloc(t->n, sizeof(size_t));
	t->all = calloc(t->n + 1, sizeof(school));
	if (t->sch == NULL || t->nsch == NULL || t->all == NULL)
		abort();
	for (i = 0; i < t->n; i++) {
		const xf_unit *u = &t->u[i];
		ssize_t j = (ssize_t)i;

		/* Where petitions are registered: the 信访 offices of the
		 * authorities take most; universities and schools a few. */
		if (strcmp(u->kind, "authority") == 0)
			push_reg(t, u->id, u->parent_id == 0 ? 60 :
			    strcmp(u->level, "city") == 0 ? 12 : 6);
		else if (strcmp(u->kind, "university") == 0)
			push_reg(t, u->id, 3);
		if (strcmp(u->kind, "school") != 0 || strcmp(u->level,
		    "school") != 0)
			continue;
		t->all[t->nall].id = u->id;
		t->all[t->nall].name = u->name;
		t->all[t->nall].region = u->region;
		/* every ancestor gets this school in its list */
		while (j >= 0) {
			t->sch[j] = realloc(t->sch[j], (t->nsch[j] + 1) *
			    sizeof(school));
			if (t->sch[j] == NULL)
				abort();
			t->sch[j][t->nsch[j]++] = t->all[t->nall];
			j = t->u[j].parent_id ? unit_index(t, t->u[j].parent_id)
			    : -1;
		}
		t->nall++;
	}
	if (t->nreg == 0)
		return xf_error_set(err, XF_E_INTERNAL, NULL,
		    "数据库中没有可登记信访件的单位（请用 init --demo 创建）");
	return 0;
}

static void
tree_free(tree *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->sch[i]);
	free(t->sch);
	free(t->nsch);
	free(t->all);
	free(t->reg);
	free(t->u);
}

/* A school the item is about: one in the registering unit's subtree when
 * it has any, else a generated name. */
static school
pick_school(const tree *t, int64_t unit_id, char buf[128])
{
	ssize_t i = t ? unit_index(t, unit_id) : -1;
	school s = { 0, NULL, NULL };

	if (i >= 0 && t->nsch[i] > 0)
		return t->sch[i][rn((int)t->nsch[i])];
	if (t != NULL && t->nall > 0 && rn(2))
		return t->all[rn((int)t->nall)];
	snprintf(buf, 128, "%s县%s", PICK(VILLAGES), PICK(SCHOOL_KINDS));
	s.name = buf;
	return s;
}

/* ---- modes ----------------------------------------------------------------- */

static json_t *
info_of(const gen *g)
{
	return json_pack("{s:s,s:s,s:s,s:s,s:s,s:O,s:O,s:i,s:n}",
	    "category", g->is->category, "purpose", g->is->purpose,
	    "region", g->region, "title", g->title, "content", g->content,
	    "petitioners", g->petitioners,
	    "respondent", g->respondent ? g->respondent : json_null(),
	    "flags", g->flags, "repeat_of");
}

/* A petitioner writing again about a matter already in the database
 * (with --db, one body in ten): the same people and category, the old
 * letter with a line added, so that the server's repeat detection finds it
 * both by ID number and by content. NULL when the row cannot be read. */
static json_t *
repeat_body(xf_store *st, xf_error *err)
{
	sqlite3_stmt *s = xf_store_stmt(st, "SELECT channel, class, category,"
	    " title, content, petitioners, headcount FROM cases WHERE id ="
	    " (SELECT max(id) FROM cases) - ?1", err);
	json_t *b = NULL, *pet;
	char *content;

	if (s == NULL)
		return NULL;
	sqlite3_bind_int64(s, 1, (sqlite3_int64)(rnd() % 900000));
	if (sqlite3_step(s) == SQLITE_ROW &&
	    (pet = json_loads((const char *)sqlite3_column_text(s, 5), 0,
	    NULL)) != NULL) {
		if (asprintf(&content, "%s此前反映后至今没有解决，现再次反映，"
		    "请领导重视。", sqlite3_column_text(s, 4)) == -1)
			abort();
		b = json_pack("{s:s,s:s,s:s,s:s,s:s,s:o,s:i}",
		    "channel", xf_channel_name(sqlite3_column_int(s, 0)),
		    "class", xf_class_name(sqlite3_column_int(s, 1)),
		    "category", sqlite3_column_text(s, 2),
		    "title", sqlite3_column_text(s, 3), "content", content,
		    "petitioners", pet, "headcount", sqlite3_column_int(s, 6));
		free(content);
	}
	sqlite3_reset(s);
	return b;
}

static int
bodies(long n, xf_store *st, xf_error *err)
{
	tree t, *tp = NULL;
	xf_date today = xf_date_from_ymd(2026, 6, 30);

	if (st != NULL) {
		if (tree_load(&t, st, err) == -1)
			return -1;
		tp = &t;
	}
	for (long i = 0; i < n; i++) {
		char buf[128], day[16];
		school sc = pick_school(tp, 1, buf);
		gen g;
		json_t *b;
		char *s;
		int y, m, d;

		xf_date_to_ymd(today - rn(20), &y, &m, &d);
		snprintf(day, sizeof(day), "%04d-%02d-%02d", y, m, d);
		if (st != NULL && rn(10) == 0 &&
		    (b = repeat_body(st, err)) != NULL) {
			json_object_set_new(b, "received_on", json_string(day));
			s = json_dumps(b, JSON_COMPACT);
			puts(s);
			free(s);
			json_decref(b);
			continue;
		}
		make_case(&g, &sc, PICK(REGIONS), 2026);
		b = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:O,s:i}",
		    "channel", xf_channel_name(g.channel), "received_on", day,
		    "class", xf_class_name(g.cls), "category", g.is->category,
		    "title", g.title, "content", g.content,
		    "petitioners", g.petitioners, "headcount", g.headcount);
		if (g.respondent != NULL)
			json_object_set(b, "respondent", g.respondent);
		s = json_dumps(b, JSON_COMPACT);
		puts(s);
		free(s);
		json_decref(b);
		gen_free(&g);
	}
	if (tp != NULL)
		tree_free(tp);
	return 0;
}

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
generate(const char *db, long count, xf_error *err)
{
	xf_store *st = xf_store_open(db, err);
	xf_calendar *cal = xf_calendar_new();
	xf_date first = xf_date_from_ymd(2023, 1, 1);
	xf_date last = xf_date_from_ymd(2026, 6, 30);
	double t0 = now_s(), secs;
	struct stat sb;
	tree t;
	long done = 0;
	int64_t bytes = 0;

	if (st == NULL)
		return -1;
	if (xf_calendar_load_dir(cal, XF_DATADIR "/calendar", err) == -1 ||
	    tree_load(&t, st, err) == -1)
		goto fail;
	/* Generated data: a crash here loses nothing anyone typed, so the
	 * bulk load may skip the per-commit fsync; the server still runs
	 * with durable commits. */
	xf_store_set_durable(st, 0);
	while (done < count) {
		long end = done + BATCH < count ? done + BATCH : count;

		if (xf_store_begin(st, err) == -1)
			goto fail;
		for (; done < end; done++) {
			/* Items arrive in date order, as they would. */
			xf_date today = first + (xf_date)((int64_t)(last -
			    first) * done / count);
			xf_lc_ctx ctx;
			xf_lc_result res;
			xf_case c;
			gen g;
			json_t *info;
			char number[64], buf[128], code[16];
			school sc;

			memset(&ctx, 0, sizeof(ctx));
			ctx.cal = cal;
			ctx.today = today;
			ctx.actor.unit_id = t.reg[rn((int)t.nreg)];
			ctx.actor.roles = XF_ROLE_OFFICER;
			ctx.unit = unit_cb;
			ctx.user = user_cb;
			ctx.ud = &t;
			sc = pick_school(&t, ctx.actor.unit_id, buf);
			{
				int y, m, d;

				xf_date_to_ymd(today, &y, &m, &d);
				make_case(&g, &sc, PICK(REGIONS), y);
			}
			xf_case_init(&c);
			c.channel = g.channel;
			c.cls = g.cls;
			c.received_on = today - (g.channel == XF_CH_LETTER ?
			    rn(4) : 0);
			c.headcount = g.headcount;
			c.respondent_unit_id = g.respondent_unit;
			if (xf_lifecycle_register(&ctx, &c, &res, err) == -1) {
				gen_free(&g);
				goto rollback;
			}
			info = info_of(&g);
			snprintf(code, sizeof(code), "%08" PRIx64, rnd() &
			    0xffffffffu);
			if (xf_store_case_insert(st, &c, info, code, 0, number,
			    err) == -1 || xf_store_event_add(st, c.id, &res, 0,
			    ctx.actor.unit_id, NULL, err) == -1) {
				json_decref(info);
				gen_free(&g);
				goto rollback;
			}
			json_decref(info);
			gen_free(&g);
		}
		if (xf_store_commit(st, err) == -1)
			goto fail;
		fprintf(stderr, "\rgen_cases: %ld / %ld (%.0f/s)", done, count,
		    (double)done / (now_s() - t0));
	}
	fprintf(stderr, "\n");
	xf_store_exec(st, "PRAGMA wal_checkpoint(TRUNCATE)", err);
	tree_free(&t);
	xf_store_close(st);
	xf_calendar_free(cal);
	secs = now_s() - t0;
	if (stat(db, &sb) == 0)
		bytes = sb.st_size;
	printf("{\"name\":\"gen_cases\",\"cases\":%ld,\"seconds\":%.1f,"
	    "\"rate\":%.0f,\"db_bytes\":%" PRId64 "}\n", done, secs,
	    (double)done / secs, bytes);
	return 0;
rollback:
	xf_store_rollback(st);
	tree_free(&t);
fail:
	xf_store_close(st);
	xf_calendar_free(cal);
	return -1;
}

int
main(int argc, char **argv)
{
	const char *db = NULL;
	long count = -1, nbodies = -1;
	xf_error err = { 0 };
	int i, rc;

	/* The store looks the tokenizer up through a weak symbol; this strong
	 * reference makes sure the linker pulls it out of the archive. */
	static int (*volatile keep)(sqlite3 *) = xf_fts_register;

	(void)keep;
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--db") == 0 && i + 1 < argc)
			db = argv[++i];
		else if (strcmp(argv[i], "--count") == 0 && i + 1 < argc)
			count = atol(argv[++i]);
		else if (strcmp(argv[i], "--bodies") == 0 && i + 1 < argc)
			nbodies = atol(argv[++i]);
		else if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc)
			rng = strtoull(argv[++i], NULL, 0) | 1;
		else
			goto usage;
	}
	if (nbodies > 0) {
		xf_store *st = NULL;

		if (db != NULL && (st = xf_store_open(db, &err)) == NULL)
			goto fail;
		rc = bodies(nbodies, st, &err);
		xf_store_close(st);
		if (rc == -1)
			goto fail;
		return 0;
	}
	if (db == NULL || count <= 0)
		goto usage;
	if (generate(db, count, &err) == -1)
		goto fail;
	return 0;
fail:
	fprintf(stderr, "gen_cases: %s\n", err.message);
	return 1;
usage:
	fprintf(stderr, "用法: gen_cases --db FILE --count N [--seed S]\n"
	    "      gen_cases --bodies N [--db FILE] [--seed S]\n");
	return 2;
}

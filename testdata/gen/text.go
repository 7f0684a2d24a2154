package main

// Pools of invented names and short sentences. Every person is made up: first names are drawn
// from common given names and paired at random with invented surnames, so no record describes a
// real person. %s in a sentence is replaced by a child's name (or the children's names).

var (
	childNames = []string{
		"Alfie", "Amara", "Archie", "Ava", "Bella", "Billy", "Caleb", "Chloe", "Darcy", "Dylan",
		"Eden", "Ellis", "Elsie", "Evie", "Finn", "Freya", "Gracie", "Harvey", "Hollie", "Isla",
		"Jaden", "Jasmine", "Kai", "Kayla", "Layla", "Leo", "Lily", "Logan", "Maisie", "Mason",
		"Millie", "Nico", "Nova", "Ollie", "Orla", "Poppy", "Reggie", "Riley", "Rosie", "Ruby",
		"Sienna", "Skye", "Taylor", "Theo", "Tia", "Toby", "Zara", "Zion",
	}
	womenFirst = []string{
		"Abi", "Aisha", "Bev", "Bryony", "Chantelle", "Dawn", "Dee", "Elaine", "Gail", "Hayley",
		"Holly", "Jade", "Kelly", "Kerry", "Kirsty", "Leanne", "Lorna", "Nadia", "Paula", "Priya",
		"Rosa", "Stacey", "Tasha", "Jo", "Sam", "Nat",
	}
	menFirst = []string{
		"Andy", "Carl", "Colin", "Dean", "Femi", "Gary", "Imran", "Lee", "Marcus", "Mo", "Ryan",
		"Shaun", "Tom", "Wes", "Jo", "Sam", "Nat",
	}
	surnames = []string{
		"Ashworth", "Bramley", "Calder", "Dunmore", "Elford", "Farrant", "Garside", "Hollins",
		"Ingleby", "Jessop", "Kershaw", "Lomax", "Marlow", "Nettleton", "Ormerod", "Pennock",
		"Quarmby", "Redfern", "Sowerby", "Thwaite", "Uttley", "Varley", "Whitworth", "Yeadon",
	}
	areas = []string{
		"Northfield", "Southgate", "Eastbrook", "Westmoor", "Riverside", "Hillcrest", "Oakley",
		"Ashdale", "Brookvale", "Castleford Road", "Elmhurst", "Fenwick", "Greystones", "Harbour",
		"Kingsmead", "Lowfields", "Millbank", "Newlands", "Parkside", "Queensway", "Redhill",
		"Stonebridge", "Thornbury", "Valley", "Woodside",
	}
	primarySchools   = []string{"St Aidan's Primary", "Moorside Primary", "Oakley Junior School", "Kingsmead Primary"}
	secondarySchools = []string{"Castle Hill School", "Fairfield Academy", "Brookvale Academy", "Riverside High"}
	exclusionReasons = []string{
		"Excluded by the conference chair because of threats made to professionals",
		"Excluded while bail conditions prevent contact with the children",
		"Excluded by the conference because attendance would put the mother at risk",
	}

	// summaries: age 0 any child, 1 a child under 5, 2 a child of school age.
	summaries = []ageText{
		{0, "%s has been seen regularly and things at home are reported to be calmer."},
		{0, "No incidents reported since the last core group and %s is settled."},
		{2, "%s has attended school every day since the last meeting."},
		{0, "Home conditions have improved but the parents missed two appointments."},
		{0, "The parents have engaged with the drug and alcohol service and tests are negative."},
		{2, "%s has been hard to see and the school reports some missed days."},
		{0, "One police call-out was reported and the safety plan was reviewed."},
		{0, "Progress on the plan is steady though housing remains a worry."},
		{1, "%s is gaining weight and health appointments have been kept."},
		{0, "The parenting course has started and the first session was attended."},
		{0, "Concerns about neglect remain as home conditions have slipped again."},
		{2, "%s talked openly with the social worker about life at home."},
		{0, "Mum has moved to a new tenancy and the family have settled well."},
		{0, "Agencies report good engagement and no new concerns."},
		{1, "Attendance at nursery has improved and staff report %s is happier."},
		{0, "The domestic abuse worker reports mum is completing the programme."},
		{2, "%s has been referred to the young carers group and enjoys it."},
		{1, "The health visitor reports %s's development is on track."},
	}
	preBirthSummaries = []string{
		"Antenatal appointments have been kept and the birth plan is in place.",
		"Mum has engaged with the midwife and the pre-birth assessment is under way.",
		"The birth plan and discharge arrangements were agreed with the hospital.",
		"Mum missed an antenatal appointment and the midwife has rebooked it.",
	}
	// decisions: role is the member role the decision needs, or "" for any case.
	decisions = []roleText{
		{"", "Continue the plan as agreed"},
		{"", "Lead social worker to increase home visits until the next core group"},
		{"", "Safety plan to be updated and shared with all members"},
		{"", "Referral to the family support service to be made"},
		{"team-manager", "Team manager to write to the parents about engagement"},
		{"", "No change to the contingency plan"},
		{"health-visitor", "Health visitor to increase contact to fortnightly"},
		{"teacher", "School to share attendance weekly with the lead social worker"},
		{"police", "Police to flag the address for domestic abuse call-outs"},
	}
	disagreementTexts = []roleText{
		{"parent", "The parents disagree that home conditions are a concern."},
		{"parent", "The parents do not accept the need for supervised contact."},
		{"teacher", "School and health disagree about the level of risk."},
		{"police", "Police and the family disagree about the account of the last incident."},
	}
	childPlanSummaries = []string{
		"The child in need plan is working and the family are engaging well.",
		"%s remains settled since the protection plan ended.",
		"Support continues through the family support service with no new concerns.",
	}
	escalationNotes = map[string][]string{
		"no-access": {
			"Two home visits in a row with no access; raised with the team manager.",
			"No one answered at two planned visits; team manager asked for an unannounced visit.",
		},
		"absence": {
			"Member absent without apologies from two core groups running; team manager to write.",
			"Repeated absence from core groups raised with the agency's manager.",
		},
		"drift": {
			"Actions from the plan are not being completed; raised with the team manager.",
		},
		"other": {
			"Concern about delay in the health assessment raised with the named nurse.",
		},
	}
)

// ageText is a sentence about a child of an age group (see summaries).
type ageText struct {
	age  int
	text string
}

// roleText is a sentence that needs a member with the role (the owner, for an action).
type roleText struct{ role, text string }

// actionText is an action: the role of its owner, its text, and (when the text names a child) the
// child's age group as in summaries.
type actionText struct {
	role, text string
	age        int
}

var actionTemplates = []actionText{
	{"lead-social-worker", "Lead social worker to complete the updated assessment", 0},
	{"lead-social-worker", "Lead social worker to refer the family to the family support service", 0},
	{"lead-social-worker", "Lead social worker to see %s alone at home", 2},
	{"health-visitor", "Health visitor to complete a developmental check for %s", 1},
	{"health-visitor", "Health visitor to visit weekly and report on home conditions", 0},
	{"teacher", "School to share %s's attendance with the lead social worker", 2},
	{"teacher", "School to arrange a mentor for %s", 2},
	{"gp", "GP to review %s's medical history and share any concerns", 0},
	{"police", "Police to share any call-outs to the address", 0},
	{"midwife", "Midwife to complete the birth plan with mum", 0},
	{"school-nurse", "School nurse to offer %s a weekly drop-in", 2},
	{"camhs-practitioner", "CAMHS to complete an initial assessment of %s", 2},
	{"parent", "Parent to attend the parenting course", 0},
	{"parent", "Parent to attend the drug and alcohol service appointments", 0},
	{"parent", "Parent to keep the home safe and clean", 0},
	{"carer", "Partner to attend the perpetrator programme assessment", 0},
	{"early-years-practitioner", "Nursery to report %s's attendance weekly", 1},
}

// sectionTexts holds short sentences per plan section name; %s is the children's names.
var sectionTexts = map[string][]string{
	"needs": {
		"A safe and settled home free from domestic abuse for %s.",
		"Consistent care for %s with health needs met on time.",
	},
	"outcomes": {
		"No incidents for six months and all health appointments kept.",
		"Home conditions are safe and health appointments are kept.",
	},
	"contingency": {
		"If there is a further incident the safety plan is used and an early review called.",
		"If the plan does not progress legal advice will be sought.",
	},
	"views-child": {
		"Things at home should be calmer, in the words of %s.",
		"%s told the social worker what would make home feel safer.",
	},
	"views-family": {
		"The parents want to work with the plan and keep the family together.",
		"Mum agrees with the plan and dad has some reservations.",
	},
	"safety": {
		"A safety plan is in place and known to everyone in the household.",
	},
	"monitoring": {
		"The lead professional coordinates visits and shares updates at each core group.",
	},
	"assessment": {
		"The risk assessment found neglect of health and home conditions.",
	},
	"supporting-change": {
		"The family support worker visits weekly to help with routines.",
	},
	"achieving-the-best": {
		"Support for %s to attend school and take part in activities.",
	},
}

// allSections is the union of the section names the five policies use, in output order.
var allSections = []string{
	"needs", "outcomes", "contingency", "views-child", "views-family",
	"safety", "monitoring", "assessment", "supporting-change", "achieving-the-best",
}

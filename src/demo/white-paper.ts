/**
 * Demo content: the six city cases of the U20 White Paper on Transparency and Open Government
 * ("Building open, transparent, responsive and inclusive cities", UCLG Community of Practice on
 * Transparency and Open Government and the Open Government Partnership, 2018; the text is in
 * shared/seeds/u20-white-paper-open-government.txt).
 *
 * The cards were written for Plaza from the facts and figures that paper gives (programmes, years,
 * numbers, institutions, partners, outcomes, lessons). The wording is Plaza's own; nothing beyond
 * what the paper reports has been added. Personal contacts named in the paper are left out, and
 * links are only those the paper itself prints.
 */
import type { PracticeCard } from "../practices/card.ts";

export interface DemoCity {
  readonly username: string;
  readonly name: string;
  readonly summary: string;
}

export interface DemoCase {
  readonly city: DemoCity;
  readonly card: PracticeCard;
}

/** Strips the common indentation of a template literal, so Markdown can be written indented. */
function md(strings: TemplateStringsArray, ...values: readonly unknown[]): string {
  const raw = strings.reduce((text, part, i) => text + (i > 0 ? String(values[i - 1]) : "") + part, "");
  const lines = raw.replace(/^\n/, "").trimEnd().split("\n");
  const indents = lines.filter((line) => line.trim() !== "").map((line) => line.length - line.trimStart().length);
  const cut = indents.length > 0 ? Math.min(...indents) : 0;
  return lines.map((line) => line.slice(cut).trimEnd()).join("\n");
}

const paris: DemoCase = {
  city: {
    username: "paris",
    name: "Paris",
    summary:
      "City of Paris (Paris City Hall). An Open Government Partnership member that lets residents decide €100m of the city budget every year; co-chair of Urban 20.",
  },
  card: {
    title: "Paris co-creates its Climate Action Plan with residents, from first proposals to a citywide vote and 15,000 climate volunteers",
    summary:
      "Paris opened the making of its new Climate Action Plan to residents: about 700 people shaped it in 2016–17 with 280 citizen and 300 expert proposals, and 900+ later responses refined it. In a May–June 2018 citizen vote, 73,765 Parisians took part and 95.95% approved the plan; over 15,000 then signed up as Climate volunteers to help carry it out. The plan aims for carbon neutrality and 100% renewable energy by 2050.",
    place: {
      city: "Paris",
      region: "Île-de-France",
      country: "FR",
      level: "local",
      coordinates: { latitude: 48.8566, longitude: 2.3522 },
    },
    challenge: md`
      Cities are home to nearly 60% of the world's people and produce about 70% of its greenhouse-gas emissions, so they have a key part to play in keeping warming under the Paris Agreement's 2 °C limit.

      Paris already had climate plans from 2007 and 2012. For the plan adopted in early 2018, the city wanted residents involved not only in writing it but also in delivering its projects, because so much of the effort depends on what people do every day.

      The plan's targets:

      - **By 2020:** greenhouse-gas emissions and energy use down 25% from their 2004 level, and renewables at 25% of energy.
      - **By 2030:** emissions down 50%, energy use down 35%, renewables at 45%.
      - **By 2050:** a carbon-neutral city running on 100% renewable energy.
    `,
    solution: md`
      The city made co-creation run through the whole life of the plan:

      - **Drafting (November 2016 – March 2017):** some 700 residents, experts, associations and civil servants worked on the plan at meetings and online. They put forward 280 citizen proposals and 300 expert proposals, and a summary of everything received was published in April 2017.
      - **Second consultation (December 2017 – February 2018):** more than 900 responses from people across the Paris region set priority themes and added new actions, such as better connections between tram, bus, Metro and regional rail, and a platform for donating food.
      - **Citizen vote (May – June 2018):** 73,765 Parisians voted, online and offline, and 95.95% of them backed the plan.
      - **Delivery:** more than 15,000 voters enrolled as "Climate volunteers". At a first gathering at City Hall on 22 September 2018, 1,000 of them met 40 organisations from the city's green sector and joined workshops on citizen governance, solidarity, air quality, zero waste and other topics.
    `,
    approach: md`
      Paris is a member of the Open Government Partnership and routinely opens planning decisions to the public. Its yearly participatory budget, for instance, lets residents propose and vote on projects worth €100m of city spending.

      The Climate Action Plan applied that habit to a full policy cycle. Residents helped pick the topics, rank the themes, draft projects, approve the plan and, next, implement it, with the participatory budget available to fund its objectives.

      The city now intends to co-design the volunteers' work programme with them: by its own estimate, 80% of the plan's objectives hinge on residents' daily actions, which makes the volunteers a core group to keep mobilised.
    `,
    innovation: md`
      - Working on the plan together raised Parisians' awareness of why climate action matters.
      - Participation was built into every stage instead of a single consultation, turning voters into an organised body of volunteers.
      - As chair of C40, Paris uses the experience to encourage other cities to involve residents directly in climate policy.
    `,
    openGovernment: "major",
    openGovernmentNarrative: md`
      From start to finish, Paris treated residents as partners in its climate policy: they chose topics, set priorities, proposed projects, voted on the plan and are now invited to help deliver it, with participatory budgeting tied to its goals.

      The size of the vote (73,765 participants) and the 15,000-plus volunteers show participation reaching well beyond a consultation exercise. The U20 white paper does not yet report how far the volunteers shape delivery, so this card rates the change as *major* rather than *outstanding*.
    `,
    lessons: md`
      - Involving residents works better as a relationship that lasts the life of a plan than as a one-off event.
      - Open government gives people a voice between elections, not only on polling day.
      - Because the process was designed for the long term, Paris could take more than 15,000 people from casting a vote to acting on the climate.
    `,
    sdgGoals: ["7", "11", "13", "16"],
    sdgTargets: ["7.2", "7.3", "11.b", "13.2", "13.3", "16.7"],
    themes: ["climate_action"],
    tags: ["climateActionPlan", "coCreation", "citizenVote", "climateVolunteers"],
    ogpValues: ["civic_participation"],
    completion: "substantial",
    period: { start: "2016-11" },
    leadInstitution: "City of Paris (Paris City Hall, Urban Ecology Agency)",
    partners: [],
    keyFigures: [
      { label: "People mobilised to draft the plan (Nov 2016 – Mar 2017)", value: "700" },
      { label: "Citizen proposals / expert proposals", value: "280 / 300" },
      { label: "Responses in the second consultation (Dec 2017 – Feb 2018)", value: "More than 900" },
      { label: "Parisians who voted on the plan (May – June 2018)", value: "73,765" },
      { label: "Votes in favour", value: "95.95%" },
      { label: "Climate volunteers signed up", value: "More than 15,000" },
      { label: "Volunteers and organisations at the first gathering (22 Sep 2018)", value: "1,000 volunteers, 40 organisations" },
      { label: "Plan objectives that depend on residents' daily action", value: "80%" },
      { label: "Greenhouse-gas emissions target for 2030", value: "−50%" },
      { label: "Renewable energy share targeted for 2050", value: "100% (carbon neutrality)" },
      { label: "Yearly participatory budget", value: "€100m" },
    ],
    links: [
      { title: "Paris pour le climat (City of Paris)", url: "https://www.paris.fr/municipalite/action-municipale/paris-pour-le-climat-2148" },
      { title: "Pour un nouveau Plan Climat : restitution de la concertation (Mairie de Paris, 2017)", url: "https://api-site-cdn.paris.fr/images/91103" },
      { title: "Le Plan Climat de Paris (Mairie de Paris, 2018)", url: "https://api-site-cdn.paris.fr/images/100009" },
      { title: "Votation citoyenne sur le Plan Climat, Air, Énergie: press kit (Mairie de Paris, 2018)", url: "https://presse.paris.fr/wp-content/uploads/2018/06/Votation-Citoyenne.pdf" },
    ],
    attachments: [],
    language: "en",
    translations: {
      fr: {
        title: "Paris co-construit son Plan Climat avec ses habitants, des premières propositions à la votation et 15 000 volontaires du climat",
        summary:
          "Paris a ouvert l'élaboration de son nouveau Plan Climat aux habitants : environ 700 personnes l'ont façonné en 2016-2017, avec 280 propositions citoyennes et 300 d'experts, puis plus de 900 contributions l'ont affiné. Lors de la votation de mai-juin 2018, 73 765 Parisiens ont voté et 95,95 % l'ont approuvé ; plus de 15 000 se sont ensuite inscrits comme volontaires du climat. Le plan vise la neutralité carbone et 100 % d'énergies renouvelables en 2050.",
      },
    },
    license: "CC-BY-4.0",
  },
};

const seoul: DemoCase = {
  city: {
    username: "seoul",
    name: "Seoul",
    summary:
      "Seoul Metropolitan Government (SMG). Publishes some 4,500 open datasets on its Open Data Plaza and runs the Seoul Big Data Campus and a Digital Civic Mayor's Office.",
  },
  card: {
    title: "Seoul opens environmental and big data, letting residents choose what is released and analyse it with the city",
    summary:
      "Facing worsening air and water quality, the Seoul Metropolitan Government answered with transparency, analytics and responsiveness. Its Open Data Plaza offers about 4,500 datasets in 10 areas, used some 670,000 times a day, with releases guided by what residents ask for; by May 2018 real-time air quality was the second most sought-after data. At the Seoul Big Data Campus, residents and officials analyse data together to shape policy.",
    place: {
      city: "Seoul",
      region: "Seoul Capital Area",
      country: "KR",
      level: "metropolitan",
      coordinates: { latitude: 37.5665, longitude: 126.978 },
    },
    challenge: md`
      Air and water quality have become pressing worries for the Seoul Metropolitan Government (SMG). Particulate pollution grew bad enough that the city had to make public transport free and impose a compulsory alternate no-driving scheme whenever the daily average of particulate matter stayed above 50 µg/m³ for two days running.

      Beyond data, Seoul has taken physical climate measures too: it turned a major elevated road in the city centre into a park, improving access to the river and cooling the area, and it has planted more than 16 million trees.
    `,
    solution: md`
      SMG tackled residents' environmental concerns along three lines:

      - **Transparency.** The Open Data Plaza website holds about 4,500 datasets in 10 thematic areas, among them public health and the environment, with an average of 670,000 uses a day. What gets opened next follows what residents say they want: in 2012, air pollution was the most consulted subject, at 30% of topics, so the city made air-quality and pollutant data easy to reach and to read on an online map.
      - **Analytics.** At the Seoul Big Data Campus, residents and civil servants examine open data side by side to understand problems and propose policies to solve them.
      - **Responsiveness.** A Digital Civic Mayor's Office follows the general state of the administration and residents' complaints, so the Mayor and senior officials can make sure key concerns get a proper response.
    `,
    approach: md`
      Seoul uses data as a two-way channel: residents influence what is published, analyse it alongside officials, and see their complaints tracked.

      Demand shapes supply. By May 2018, real-time air-quality data was the second most requested dataset, behind only real-time subway information.
    `,
    innovation: md`
      When residents help decide which data come out, the city learns what worries them and can act on it: a tighter, more responsive link between the administration and the public.
    `,
    openGovernment: "major",
    openGovernmentNarrative: md`
      Transparency in Seoul is participatory: residents help pick the datasets to be opened, which makes the government both more open and more inclusive. At the Big Data Campus they also analyse data and co-create policy, which puts them at the centre of decisions.

      The U20 white paper documents heavy use (about 670,000 uses a day) and citizen-driven releases, which supports a *major* rating; it does not detail specific policies that came out of Big Data Campus work.
    `,
    lessons: md`
      - Smart-city technology succeeds when it comes with concrete action by government.
      - Keep residents at the centre of the technology, giving priority to their insights, their analysis and their concerns.
    `,
    sdgGoals: ["11", "13", "16"],
    sdgTargets: ["11.6", "16.6", "16.7", "16.10"],
    themes: ["climate_action"],
    tags: ["openData", "bigData", "airQuality", "smartCity"],
    ogpValues: ["access_to_information", "civic_participation", "technology_and_innovation"],
    completion: "substantial",
    period: {},
    leadInstitution: "Seoul Metropolitan Government (SMG), Information Planning Division",
    partners: [],
    keyFigures: [
      { label: "Open datasets on the Open Data Plaza", value: "About 4,500, in 10 thematic areas" },
      { label: "Average uses of the datasets per day", value: "670,000" },
      { label: "Share of consulted topics about air pollution (2012)", value: "30% (the most consulted)" },
      { label: "Rank of real-time air-quality data among requested data (May 2018)", value: "2nd, after real-time subway data" },
      { label: "Trees planted for cooling", value: "More than 16 million" },
    ],
    links: [
      { title: "Seoul Big Data Campus", url: "https://bigdata.seoul.go.kr/main.do" },
      {
        title: "Seoul City Operates the First Digital Civic Mayor's Office (SMG, 2017)",
        url: "http://english.seoul.go.kr/seoul-city-operates-first-digital-civic-mayors-office/?cp=2&cat=875",
      },
      {
        title: "Seoul Smart City Initiatives & Strategies (SMG)",
        url: "http://we-gov.org/wp-content/uploads/2017/11/13-KWEAN-Seoul-Presentation-for-Beyoglu-Final.pdf",
      },
      {
        title: "Big Data Initiatives of Seoul Metropolitan Government (URAIA, 2018)",
        url: "http://www.uraia.org/en/library/inspiring-practices-catalogue/big-data-initiatives-seoul-metropolitan-government/",
      },
    ],
    attachments: [],
    language: "en",
    translations: {},
    license: "CC-BY-4.0",
  },
};

const bogota: DemoCase = {
  city: {
    username: "bogota",
    name: "Bogotá",
    summary:
      "Bogotá, Colombia. Its Institute for the Social Economy (IPES) works with informal workers and street vendors on income, training and entrepreneurship.",
  },
  card: {
    title: "Bogotá's IPES rebuilds its support for informal street vendors around profiling, an inter-agency referral network and traceable data",
    summary:
      "Bogotá's Institute for the Social Economy (IPES) redesigned its support for informal street vendors, many displaced by Colombia's armed conflict or arriving from Venezuela. With the EU's Socieux+, UCCI and Orienta Pro, it refined vendor profiling, built a referral network of social-protection bodies and is rolling out the Orienta Pro platform to follow each person's path. In July 2018, 81,275 people said they were informal vendors; 51,781 (63%) were registered.",
    place: {
      city: "Bogotá",
      region: "Capital District",
      country: "CO",
      level: "local",
      coordinates: { latitude: 4.711, longitude: -74.0721 },
    },
    challenge: md`
      Bogotá has taken in many people displaced by Colombia's internal armed conflict and, more recently, migrants from Venezuela. Many arrive in highly vulnerable conditions, at risk of being pushed to the margins, and with little schooling or work experience, which leaves them at a disadvantage in the formal job market. Young people face the city's highest unemployment: 15.10% for those under 29, against 11.60% for those over 29. Without other options, these groups risk ending up in informal work or crime.

      The city's Institute for the Social Economy (IPES) helps informal workers earn more through guidance, relocation, training for formal jobs and support for sustainable businesses. Its HEMI database counted 81,275 people declaring themselves informal vendors in July 2018, yet only 51,781 of them (63%) were in the Individual Register of Informal Vendors (RVI).

      IPES needed a way to reach and keep more vendors, with flexible training and support matched to each person's socio-economic profile, so that they could either run self-sustaining businesses or fill skilled jobs that local employers need.
    `,
    solution: md`
      Backed by international cooperation — the European Union's Socieux+ programme, the Union of Ibero-American Capital Cities (UCCI) and Orienta Pro — IPES overhauled its model of assistance for informal vendors.

      The goal was a structured, systematic model that offers comprehensive support, can refer people to services across institutions, and keeps track of both each beneficiary's progress and the help given.
    `,
    approach: md`
      The model was updated in three phases:

      1. **Reviewing and validating the model.** IPES checked the methods and the conceptual and technological frameworks it had used before. It sharpened the tools for profiling street vendors so that each diagnosis matches the person's skills, and revised its materials, procedures and tools — including HEMI, the system that first identifies vendors — with a plan to adapt them to the new technology platforms.
      2. **Building comprehensive support.** IPES mapped the relevant organisations and set up a network of bodies running social-protection programmes. People who ask for help but fall outside IPES's remit are referred to municipal, regional, state or civil-society members of the network. A dedicated team handles recruitment, profiling, psychosocial care, referral and follow-up.
      3. **Rolling out the Orienta Pro platform.** Still being implemented when the U20 white paper was written (2018), it will store individual profiles, record every action taken and follow each person through the programmes of IPES or of other network members, paving the way for statistics, indicators and monitoring.

      The redesign was open and transparent: beneficiaries, public and private bodies at several levels, NGOs working on the informal economy, and the international partners (UCCI, Orienta Pro, Socieux+) all took an active part.
    `,
    innovation: md`
      - Better targeting of who receives support made IPES projects more efficient and raised their social impact, steering social spending towards those who need it most.
      - The model looks at the whole person: it helps vendors reach an income through their own business or a job, and encourages ways to improve their personal and family circumstances.
      - It produces data and indicators that let the city administration, and IPES in particular, adjust policies and fine-tune projects for specific groups.
      - Institutions at every level, from local to international, now treat it as a reference.
    `,
    openGovernment: "marginal",
    openGovernmentNarrative: md`
      The model led other bodies, civil-society organisations among them, to open information and to share data and standardised processes. The U20 white paper presents this as strengthening the right to information of beneficiaries and residents and encouraging them to join the public debate. Beneficiaries take part interactively in building their own profiles, and both officials and citizens use the technology and the data.

      This card rates the change as *marginal*: the opening is real but happens mostly between institutions, and the traceability platform was still being implemented, so the U20 white paper reports expectations more than results for public participation.
    `,
    lessons: md`
      - The main achievement was cooperation and coordination inside IPES and across institutions: all five IPES sub-directorates took part, together with social-assistance bodies at municipal, regional and state level and civil-society organisations.
      - Peer learning and the study of national and international practice turned early resistance into constructive debate, leading to shared strategies and coordinated service offers.
      - Those exchanges helped Bogotá define and carry out solutions that improve informal vendors' quality of life.
    `,
    sdgGoals: ["1", "8", "10", "11", "16"],
    sdgTargets: ["1.3", "8.3", "8.5", "10.2", "16.6"],
    themes: ["future_of_work", "social_inclusion", "city_to_city_cooperation"],
    tags: ["informalEconomy", "streetVendors", "socialProtection", "interInstitutionalCooperation"],
    ogpValues: ["access_to_information", "civic_participation", "technology_and_innovation"],
    completion: "substantial",
    period: {},
    leadInstitution: "Institute for the Social Economy (IPES), Bogotá City Council",
    partners: ["European Union – Socieux+ programme", "Union of Ibero-American Capital Cities (UCCI)", "Orienta Pro"],
    keyFigures: [
      { label: "People declaring themselves informal vendors (HEMI database, July 2018)", value: "81,275" },
      { label: "Of whom registered in the Individual Register of Informal Vendors (RVI)", value: "51,781 (63%)" },
      { label: "Unemployment rate, under 29 / over 29", value: "15.10% / 11.60%" },
      { label: "IPES sub-directorates involved", value: "5" },
      { label: "Phases of the model update", value: "3" },
    ],
    links: [],
    attachments: [],
    language: "en",
    translations: {
      es: {
        title: "El IPES de Bogotá renueva su atención a vendedores informales con caracterización, una red de remisión entre entidades y datos trazables",
        summary:
          "El Instituto para la Economía Social (IPES) de Bogotá rediseñó su atención a los vendedores informales, muchos desplazados por el conflicto armado o llegados de Venezuela. Con Socieux+ de la UE, la UCCI y Orienta Pro, afinó la caracterización, creó una red de remisión con entidades de protección social y está implantando Orienta Pro para seguir la trayectoria de cada persona. En julio de 2018, 81.275 personas se declaraban vendedoras informales; 51.781 (63 %) estaban registradas.",
      },
    },
    license: "CC-BY-4.0",
  },
};

const buenosAires: DemoCase = {
  city: {
    username: "buenos_aires",
    name: "Buenos Aires",
    summary:
      "City of Buenos Aires. Open Government Partnership participant whose first action plan was co-created in 2016; co-chair of Urban 20 and host of the first U20 Mayors Summit in 2018.",
  },
  card: {
    title: "Buenos Aires opens sexual and reproductive health service data through #DÓNDE, with Fundación Huésped and a citizen reporting channel",
    summary:
      "Young people in Buenos Aires lacked information on where to get sexual and reproductive health care, while HIV diagnoses rose slightly. Through its OGP action plan, co-created in 2016, the city and Fundación Huésped expanded the #DÓNDE platform with systematically shared official data (HIV testing, free contraceptives, vaccines, legal abortion) and a channel to rate services. The data are now open datasets and maps on Buenos Aires Data.",
    place: {
      city: "Buenos Aires",
      region: "Autonomous City of Buenos Aires",
      country: "AR",
      level: "local",
      coordinates: { latitude: -34.6037, longitude: -58.3816 },
    },
    challenge: md`
      Young people in Buenos Aires did not know how to reach sexual and reproductive health services. With HIV diagnoses edging up, closing that information gap became urgent for the city government.

      The civil-society organisation Fundación Huésped already ran #DÓNDE, an online guide to sexual health services, but it received official data only now and then and on paper, which made the platform hard to keep current.
    `,
    solution: md`
      As an Open Government Partnership participant, Buenos Aires committed to make information on sexual health services easy for every resident, and young people above all, to find. Several city ministries worked with Fundación Huésped to:

      - add new data layers to #DÓNDE, with the ministries now sharing their information in an organised, systematic way;
      - map where residents can get HIV tests, free contraceptives, vaccinations and legal abortion services;
      - add a reporting mechanism through which users rate the care they received, so that civil society and government can monitor the services.

      Fundación Huésped can pass these comments and ratings on individual services and health centres to the city's Coordination of Sexual Health and STDs, which follows up where needed. This reporting is planned to take place every month.
    `,
    approach: md`
      The commitment came out of the City of Buenos Aires' first OGP action plan, co-created in 2016 with the aim of using open-government solutions to improve public services and residents' quality of life. Co-creation brought together:

      - 27 in-person working roundtables;
      - 21 civil-society organisations;
      - 16 government areas from all three branches of the state;
      - 2 research institutions and 1 university.

      The process produced five commitments, covering health, transport, education and the involvement of the three branches of government.
    `,
    innovation: md`
      Information that matters for women's sexual and reproductive health and rights now sits in one place that is easy to grasp, easy to reach and refreshed regularly. Users also have an orderly channel for praising or questioning the care they got.
    `,
    openGovernment: "major",
    openGovernmentNarrative: md`
      The city government now publishes the information gathered as new datasets and georeferenced maps on the Buenos Aires Data portal and the city's website. Private, public and civil-society actors can use it to improve health services, and residents gain new ways to inform and influence decisions through the work with Fundación Huésped and the reporting mechanism.

      The commitment also enriched the city's datasets on hospitals and Community Action and Health Centres (CESAC), which now record:

      - whether sexual and reproductive health services are offered, and which ones (IUDs, condoms, pregnancy tests, emergency contraception);
      - whether legal termination of pregnancy (LTP) is available;
      - whether the centre is a CePAD, a centre for HIV prevention, care and diagnosis;
      - whether vaccinations are given.

      The U20 white paper calls this level of access to data unprecedented. This card rates it *major*; the monthly reporting loop is still described as expected rather than running.
    `,
    lessons: md`
      - The project came out stronger because civil society and government agencies built it together.
      - Civil society acted as an executing and implementing partner, not just a source of input; this raised the project's quality and helped monitor agencies and hold them to what they had promised.
      - On sensitive issues, in a difficult social context, having Fundación Huésped run the service ratings helped prevent discretionary treatment and gave the platform wide reach.
    `,
    sdgGoals: ["3", "5", "10", "11", "16"],
    sdgTargets: ["3.3", "3.7", "5.6", "10.2", "16.7", "16.10"],
    themes: ["social_inclusion"],
    tags: ["sexualHealth", "reproductiveRights", "openData", "citizenFeedback", "civilSociety"],
    ogpValues: ["access_to_information", "civic_participation", "public_accountability", "technology_and_innovation"],
    completion: "substantial",
    period: { start: "2016" },
    leadInstitution: "Government of the City of Buenos Aires (several ministries; Coordination of Sexual Health and STDs)",
    partners: ["Fundación Huésped"],
    keyFigures: [
      { label: "In-person co-creation roundtables (2016 action plan)", value: "27" },
      { label: "Civil-society organisations taking part", value: "21" },
      { label: "Government areas taking part", value: "16, from the 3 branches of the state" },
      { label: "Research institutions and universities taking part", value: "2 research institutions, 1 university" },
      { label: "Commitments co-created in the action plan", value: "5" },
      { label: "Planned frequency of service-quality reporting", value: "Monthly" },
    ],
    links: [
      {
        title: "Community Action and Health Centres (CESAC) dataset, Buenos Aires Data",
        url: "https://data.buenosaires.gob.ar/dataset/centros-de-salud-y-accion-comunitaria-cesac",
      },
      { title: "Hospitals dataset, Buenos Aires Data", url: "https://data.buenosaires.gob.ar/dataset/hospitales" },
    ],
    attachments: [],
    language: "en",
    translations: {
      es: {
        title: "Buenos Aires abre los datos de servicios de salud sexual y reproductiva en #DÓNDE, con la Fundación Huésped y un canal de reporte",
        summary:
          "Los jóvenes de Buenos Aires no sabían dónde acceder a servicios de salud sexual y reproductiva, mientras los diagnósticos de VIH subían levemente. Con su plan de acción OGP, co-creado en 2016, la Ciudad y la Fundación Huésped ampliaron la plataforma #DÓNDE con datos oficiales compartidos de forma sistemática (test de VIH, anticonceptivos gratuitos, vacunas, aborto legal) y un canal para calificar los servicios. Hoy son datos abiertos y mapas en Buenos Aires Data.",
      },
    },
    license: "CC-BY-4.0",
  },
};

const johannesburg: DemoCase = {
  city: {
    username: "johannesburg",
    name: "Johannesburg",
    summary:
      "City of Johannesburg, Gauteng Province, South Africa. Shares the Gauteng informal-transit mapping, which also covers the neighbouring City of Tshwane.",
  },
  card: {
    title: "Johannesburg and Tshwane: mapping Gauteng's informal minibus-taxi network to improve public transport information",
    summary:
      "In Gauteng, home to nearly 13 million people and to the cities of Johannesburg and Tshwane, minibus taxis run with no official routes or timetables. Where Is My Transport trained local riders to map them with a mobile app: in four weeks they recorded over 2,800 routes covering 44,000 km. Both cities can use the data to analyse and improve service, and riders can use it to plan trips.",
    place: {
      city: "Johannesburg",
      region: "Gauteng",
      country: "ZA",
      level: "metropolitan",
      coordinates: { latitude: -26.2041, longitude: 28.0473 },
    },
    challenge: md`
      In much of the Global South, public transport is inadequate and largely informal. Where homes lie far from jobs and private transport is inefficient or unaffordable, public options are essential for getting around safely, yet many cities cannot offer regulated, formal services.

      In South Africa, informal minibus taxis account for 65% of all public transport, against 21% for buses and 14% for trains. Private operators provide a public service, but at a high cost in pollution, safety and time; in Cape Town, lower-income residents can spend more than 46% of their monthly income on getting around. Most of these networks are unregulated and unmapped, have no fixed timetables and are sometimes unsafe.

      Gauteng Province, where Johannesburg and Tshwane lie, is one of Africa's largest urban regions, with nearly 13 million people. Its 2,800 informal minibus-taxi routes hold the region together in a post-apartheid setting still shaped by racial segregation. Improving the system first meant knowing what it looked like.
    `,
    solution: md`
      With no official record of routes, operators, fares or timetables, the company Where Is My Transport worked with local partners to recruit and train a team of data collectors. They were themselves minibus-taxi riders living in the areas being mapped, so they could record both measurements and their own observations of the service.

      Using an app built by Where Is My Transport, they logged routes, frequencies, fares and common stops; local partners and developers then checked the data. In four weeks the team captured more than 2,800 distinct routes with a combined length of 44,000 km.
    `,
    approach: md`
      The case covers both the City of Johannesburg and the City of Tshwane: the mapping spans Gauteng Province and its data serves both municipalities.

      The work was led by a technology company with local partners rather than by a city government. The two cities are its main public users: the data helps them understand the network, assess service levels and, it is hoped, improve quality. Riders can use the same information to plan journeys, possibly saving time and money and reaching more places.
    `,
    innovation: md`
      - Because of apartheid-era segregation, many black South Africans still live far from where they work and depend on long, costly trips on informal transport that local governments do not support. Data on routes, service quality and timetables lets them make better-informed choices.
      - The same crowdsourcing method has been used in other cities of the Global South. Such data lets developers build trip planners, feedback platforms where riders report problems with service or road quality, and tools such as Safetipin for flagging unsafe conditions.
    `,
    openGovernment: "marginal",
    openGovernmentNarrative: md`
      Three OGP values meet here: riders' participation produced the data, the data widened access to information, and a mobile app made the whole effort possible. The work has made transit information more available to residents and given municipalities such as Johannesburg and Tshwane a better basis for decisions on mobility and urban planning.

      This card rates the change as *marginal*: the information was gathered outside government, and the U20 white paper describes the cities' use of it as a hope rather than as documented changes in service.
    `,
    lessons: md`
      - Teaming local stakeholders up with inventive technology firms can open up information and lift the quality of services.
      - This holds even where government itself holds little of the information, as with informal transport.
    `,
    sdgGoals: ["10", "11"],
    sdgTargets: ["10.2", "11.2"],
    themes: ["social_inclusion"],
    tags: ["informalTransit", "minibusTaxis", "crowdsourcing", "mobility"],
    ogpValues: ["access_to_information", "civic_participation", "technology_and_innovation"],
    completion: "complete",
    period: {},
    leadInstitution: "Where Is My Transport, with local project partners",
    partners: [],
    keyFigures: [
      { label: "Distinct minibus-taxi routes mapped", value: "More than 2,800" },
      { label: "Combined length of the routes", value: "44,000 km" },
      { label: "Duration of the data collection", value: "4 weeks" },
      { label: "People living in Gauteng", value: "Nearly 13 million" },
      { label: "Share of public transport in South Africa: minibus taxis / buses / trains", value: "65% / 21% / 14%" },
      { label: "Share of monthly income lower-income Cape Town residents can spend on transport", value: "More than 46%" },
    ],
    links: [
      {
        title: "Collecting Public Transport Data in Gauteng (Where Is My Transport case study)",
        url: "https://www.wheremytransport.com/case-study/public-transport-data-gauteng/",
      },
      {
        title: "Can big data offer hope for Africa's exasperated commuters? (The Guardian, 2016)",
        url: "https://www.theguardian.com/public-leaders-network/2016/oct/07/big-data-africa-cities-commuters-transport",
      },
    ],
    attachments: [],
    language: "en",
    translations: {},
    license: "CC-BY-4.0",
  },
};

const madrid: DemoCase = {
  city: {
    username: "madrid",
    name: "Madrid",
    summary:
      "Madrid City Council. Runs the Decide Madrid participation platform, built on the open-source Consul software it shares with institutions around the world.",
  },
  card: {
    title: "Decide Madrid and Consul: Madrid's open-source citizen participation platform, shared with cities around the world",
    summary:
      "Madrid built Decide Madrid on Consul so residents can propose, debate and vote on policies and decide how €100m of the budget is spent each year. Since 2015, 362,702 users have joined 5,000+ debates and made 21,000+ proposals; over €200m has gone to initiatives it enabled. Under its 2017 OGP action plan, Madrid opened Consul as free software and helps Barcelona, Buenos Aires, Montevideo, Paris, Turin, Valencia and dozens more use it.",
    place: {
      city: "Madrid",
      region: "Community of Madrid",
      country: "ES",
      level: "local",
      coordinates: { latitude: 40.4168, longitude: -3.7038 },
    },
    challenge: md`
      Madrid City Council wanted more open and inclusive ways of governing. It launched a Citizen Participation Project with an online platform, Decide Madrid, to promote direct democracy: residents can put forward their own ideas and needs, then propose, debate, prioritise and vote on the policies that answer them.

      Asking people online about the city's future drew wide international interest, which raised a second question: how other institutions could do the same quickly and without spending heavily to start from scratch.
    `,
    solution: md`
      Decide Madrid runs on Consul, a digital platform that opens a line of communication with the administration. Through it, residents can:

      - launch and back initiatives;
      - decide on important questions of municipal action;
      - take part in drafting municipal regulations;
      - choose how €100m of the city budget is spent each year.

      As one of its Open Government Partnership commitments, Madrid made Consul open-source software that any institution may copy and improve, so that other cities could start participatory processes faster and with fewer resources.
    `,
    approach: md`
      Spreading Consul to other institutions was a priority of Madrid's co-created OGP Action Plan for 2017. The plan itself was shaped through several rounds of consultation, in person and online, where residents could comment, suggest changes and follow how the commitments evolved; civil-society organisations and businesses could take part too.

      Madrid went further than publishing code. It gives technical and legal help, shares what it has learned about running participatory processes, and has built a network of institutions using Consul to exchange ideas, improve the tool and support each other.

      - Barcelona, Buenos Aires, Montevideo, Paris, Turin and Valencia have built participation platforms on Consul, as have dozens of towns and regions around the globe.
      - Guatemala, Guadalajara, Gwangju, La Paz, Lima, Medellín, Quito and Porto Alegre are working on their own implementations.
      - Academic institutions, trade unions, political parties and even private companies have shown interest in using it for internal participation.

      Free licences keep costs low and pool know-how, so any city can adapt the process to its needs whatever its financial or technical means.
    `,
    innovation: md`
      - The success of Decide Madrid led to working ties and mutual support with other bodies, local, national and international, that also want people to take part in running public affairs.
      - Releasing the software and actively helping other cities adopt it is a sharp break with how public administrations usually handle their tools.
      - Every institution using Consul belongs to one network of public servants who share experience, good practice and knowledge, and cities and their residents learn from one another.
      - Because the code is open, any city can contribute changes and improvements, so the tool keeps growing and getting better.
    `,
    openGovernment: "major",
    openGovernmentNarrative: md`
      Wherever Consul is used, residents voice needs and proposals, are listened to, and hear back about what the administration does; administrations, for their part, can ask about and learn what residents want and open up decision-making. Both sides gain a place to debate the city's problems and find solutions together.

      This two-way exchange builds trust, transparency and accountability, and recasts participation as collective intelligence. The tool's flexibility has also allowed more complex participatory processes to be designed.

      This card rates the change as *major*: participation is large and decides real money, but the U20 white paper itself notes that agreements reached on the platform are not yet guaranteed to be binding.
    `,
    lessons: md`
      - Agreement reached online is only worth the follow-through: administrations need procedures that turn what the platform decides into binding decisions.
      - That means adapting regulations and removing obstacles so that what residents agree on the platform is actually carried out.
    `,
    sdgGoals: ["11", "16", "17"],
    sdgTargets: ["11.3", "16.7", "17.17"],
    themes: ["city_to_city_cooperation"],
    tags: ["consul", "decideMadrid", "openSource", "participatoryBudgeting", "eParticipation"],
    ogpValues: ["civic_participation", "public_accountability", "technology_and_innovation"],
    completion: "complete",
    period: { start: "2015" },
    leadInstitution: "Madrid City Council",
    partners: ["Barcelona", "Buenos Aires", "Montevideo", "Paris", "Turin", "Valencia"],
    keyFigures: [
      { label: "Registered users of Decide Madrid since 2015", value: "362,702" },
      { label: "Debates", value: "More than 5,000" },
      { label: "Proposals", value: "More than 21,000" },
      { label: "City budget decided by residents each year", value: "€100m" },
      { label: "Spent on initiatives enabled by the platform, in Madrid alone", value: "More than €200m" },
      { label: "Cities with Consul-based platforms named in the U20 white paper", value: "6, plus dozens of towns and regions" },
      { label: "Cities named as preparing to implement Consul", value: "8" },
    ],
    links: [
      { title: "Consul project", url: "http://www.consulproject.org/en/" },
      { title: "Dossier Consul Project (Madrid City Council, 2018)", url: "http://www.consulproject.org/consul_dossier_en.pdf" },
      {
        title: "Herramientas de participación ciudadana en el Ayuntamiento de Madrid (Planchuelo, 2018)",
        url: "https://www.esmartcity.es/comunicaciones/comunicacion-herramientas-participacion-ciudadana-ayuntamiento-madrid",
      },
    ],
    attachments: [],
    language: "en",
    translations: {
      es: {
        title: "Decide Madrid y Consul: la plataforma de participación ciudadana de código abierto de Madrid, compartida con ciudades de todo el mundo",
        summary:
          "Madrid creó Decide Madrid sobre Consul para que la ciudadanía proponga, debata y vote políticas y decida cada año el destino de 100 M€ del presupuesto. Desde 2015, 362.702 personas usuarias han participado en más de 5.000 debates y hecho más de 21.000 propuestas; más de 200 M€ han ido a iniciativas surgidas de ella. Con su plan OGP de 2017, Madrid liberó Consul como software libre y ayuda a Barcelona, Buenos Aires, Montevideo, París, Turín, Valencia y decenas más a usarlo.",
      },
    },
    license: "CC-BY-4.0",
  },
};

/** The six city cases of the U20 white paper, in the paper's order. */
export const whitePaperCases: readonly DemoCase[] = [paris, seoul, bogota, buenosAires, johannesburg, madrid];

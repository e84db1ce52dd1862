// The words of what is sold and advertised online, for the author-fields check: a name made of
// them is anchor text ("cheap airline flights"), a hostname glued together from them is bought
// for its keywords (adjustablebedsprices.org). English, French, and Russian both in Cyrillic (for
// names) and in Latin letters (for hostnames). People's names and nicknames are deliberately
// absent: words that are also common first names or surnames (Art, Law, Grace, Baker) are left out.

const COMMERCE = `
  home homes house improvement improvements remodel remodeling remodelling renovation renovations kitchen kitchens
  bathroom bathrooms roofing plumbing repair repairs flooring furniture mattress mattresses bed beds bedroom garden
  gardening interior decor estate realty property properties mortgage mortgages loans payday credit debt
  insurance finance financial invest investment investing forex trading trader crypto bitcoin casino casinos poker
  betting bets slots lottery dating singles hookup escort escorts adult sex porn viagra cialis pills pharmacy drugs
  medicine medical health healthy fitness weight loss diet supplements vitamins beauty skin skincare hair cosmetics
  fashion clothing clothes shoes sneakers jewelry jewellery watches replica handbags bags wedding weddings bridal
  travel traveling travelling leisure vacation vacations holiday holidays hotel hotels flights flight airline
  airlines tickets cheap discount discounts deals deal coupon coupons shopping shop shops store stores online buy
  sale sales prices cost costs best review reviews guide tips ideas magazine business businesses marketing
  seo services service agency solutions consulting technology tech software hosting web design development apps games
  gaming download downloads free movies car cars auto autos automotive truck trucks parts dealer dealers dealership
  rental rentals rent lawyer lawyers attorney attorneys legal injury accident education school college degree
  essay essays jobs career careers employment pets pet animal animals recreation arts sports food cooking recipes
  restaurant restaurants cafe computer computers internet electronics gadgets phone phones mobile science news
  lifestyle women shopping men kids baby wholesale outlet factory cleaning cleaner carpet moving movers storage
  locksmith pest control solar energy vape cbd hemp weed marijuana cannabis followers likes views traffic backlinks
  leads money income profit earn bonus jackpot
  technology technologies education educational university universities courses tutoring scholarship scholarships
  grants stock stocks market markets shares finance loans banking accounting taxes tax budget economy
  industrial construction contractor contractors roof roofs heating cooling hvac electrician electrical doors windows
  lighting decoration decorating sofa sofas couch lamps appliances tools equipment machinery supplies wholesale
  automobile automobiles vehicle vehicles motorcycle motorcycles tires tyres engine engines transport transporters
  shipping logistics towing dealerships cruises tours destination destinations resort resorts airport
  music movie film films videos entertainment celebrity celebrities gossip lifestyle relationship relationships
  wellness therapy psychology medicine clinic dental dentist cosmetic surgery treatment recovery rehab nutrition
  fitness yoga sport basketball baseball football soccer tennis golf gymnastics diving fishing hunting camping
  outdoor outdoors gear puppies puppy dogs cats crates smartphone smartphones laptop laptops gadget tablet tablets
  printer printers gaming videogames toys gifts gift flowers florist photography printing packaging
  articles directory marketplace classifieds listings reports report definition tutorial tutorials howto
  recrutement formation formations emploi banque bourse entreprise entreprises chauffage toiture électricien
  remorquage déménagement nettoyage jardinage bricolage cuisine meubles canapé décoration musique vidéos
  технологии образование обучение курсы биржа акции бизнес строительство отопление кровля мебель диваны
  автомобили шины перевозки грузоперевозки туры путевки музыка фильмы психология лечение клиника стоматология
  фитнес спорт игры подарки цветы фото печать
  care calculator calculators restaurants windows services products supply
  achat acheter cher prix crédit credit assurance immobilier location voiture voitures voyage voyages vente boutique
  promo rachat pret prêt rencontre rencontres bijoux mode beauté sante santé maigrir regime régime travaux plombier
  serrurier devis avocat
  kupit deshevo zakaz remont kredit zaim zaimy kazino stavki nedvizhimost prodazha dostavka uslugi magazin tovary
  apteka prodvizhenie
  купить дешево дёшево недорого заказать ремонт кредит займ займы казино ставки недвижимость продажа доставка услуги
  магазин товары аптека продвижение сайтов онлайн бесплатно скачать`;

/**
 * Words that describe what is sold rather than name it. Hostnames glue them to the keywords
 * (affordable…, …reviews, …daily); in a person's name they could be a surname, so names ignore them.
 */
const DESCRIPTORS = `affordable adjustable portable custom luxury premium quality professional expert experts local
  instant quick fast easy latest modern natural organic used unlimited ultimate top pro plus hub world zone center
  centre direct express info club list reports daily weekly monthly today now king secrets green smart new my your
  the for and best top cheapest latest modern advanced alternative global international general life living`;

/**
 * English words that tie a phrase together: "Law and Legal", "Department of Finance", "How to start
 * a business". A person's name has none of them (particles like "de" and "van" are not here).
 */
const PHRASE_GLUE = `and of to for the how what why where is are your with`;

/**
 * In a hostname, words like these make it an advertisement whatever else is glued to them. Only
 * long ones: a short one hides inside names ("loans" in loansilva, Loan Silva's site).
 */
const LOUD = `viagra cialis casino kazino payday escort replica backlinks followers`;

/** Small words that join the keywords of a phrase ("home and garden", "crédit pas cher", "ремонт в Москве"). */
const JOINERS = `and or of for the to in on with a an near me your my
  de des du la le les pour en et à au aux pas
  и в на для с по`;

/**
 * Words that make a name a person's nickname ("Sports Fan", "Retired Teacher", "Home Cook"): anchor
 * text names what is sold, a nickname names the one who writes.
 */
const PERSON_NOUNS = `fan fans lover lovers nut junkie buff addict geek nerd enthusiast watcher reader readers teacher
  cook chef dad mom mum mama papa grandma grandpa granny girl boy guy man woman lady gal dude owner worker nurse
  doctor vet veteran resident citizen voter taxpayer payer mother father wife husband son daughter sister brother
  uncle aunt kid student retiree retired pensioner fisherman hunter farmer rancher driver pilot trucker mechanic
  engineer neighbour neighbor local proud old
  lecteur lectrice amateur passionné passionnée citoyen citoyenne retraité retraitée maman mamie papi voisin
  читатель читательница фанат любитель пенсионер житель мама дед бабушка сосед`;

/** A name with one of these asks to be clicked ("see this here", "important link", "cliquez ici"): link text. */
const CALLS = `here click link links website homepage webpage ici cliquez lien ссылка здесь тут`;

/** A name that begins with one of these is an order, not a person ("Buy …", "Купить …"). */
const ORDERS = 'buy order cheap discount download acheter купить заказать скачать';

/** Hosts where people keep a personal page: a profile there says nothing about selling. */
const PERSONAL_HOSTS = `blogspot.com wordpress.com substack.com github.io medium.com tumblr.com wixsite.com
  squarespace.com linkedin.com twitter.com x.com facebook.com instagram.com mastodon.social bsky.app youtube.com
  flickr.com about.me livejournal.com vk.com ok.ru telegram.me t.me gitlab.io neocities.org carrd.co dev.to
  behance.net dribbble.com soundcloud.com bandcamp.com patreon.com threads.net`;

/** Link shorteners hide where a link goes: people give their own address, not a hidden one. */
const SHORTENERS = `bit.ly tinyurl.com is.gd goo.gl t.co ow.ly cutt.ly rebrand.ly shorturl.at tiny.cc buff.ly
  rb.gy v.gd s.id clck.ru`;

/** Top-level domains that cost next to nothing and that bulk registrations favour. */
const CHEAP_TLDS = `xyz top club online site info biz ml tk ga cf gq pw win loan click work review party date racing
  download stream bid trade men icu buzz cam rest fit bar kim cricket science space website fun store shop live`;

/** Second-level names under a country's domain: the label before them is the registered name. */
const COUNTRY_SECOND = 'co com net org ac gov edu ltd plc me';

const set = (list: string) => new Set(list.split(/\s+/).filter(Boolean));

export const COMMERCE_WORDS = set(COMMERCE);
export const DESCRIPTOR_WORDS = set(DESCRIPTORS);
/** What a hostname is cut into: the keywords and the words that describe them. */
export const HOST_WORDS = new Set([...COMMERCE_WORDS, ...DESCRIPTOR_WORDS]);
export const LOUD_WORDS = [...set(LOUD)];
export const JOINER_WORDS = set(JOINERS);
export const PHRASE_GLUE_WORDS = set(PHRASE_GLUE);
export const ORDER_WORDS = set(ORDERS);
export const CALL_WORDS = set(CALLS);
export const PERSON_NOUN_WORDS = set(PERSON_NOUNS);
export const PERSONAL_HOST_SET = set(PERSONAL_HOSTS);
export const SHORTENER_SET = set(SHORTENERS);
export const CHEAP_TLD_SET = set(CHEAP_TLDS);
export const COUNTRY_SECOND_SET = set(COUNTRY_SECOND);
/** The longest commerce word: a hostname is cut into words of at most this length. */
export const LONGEST_HOST_WORD = Math.max(...[...HOST_WORDS].map((w) => w.length));

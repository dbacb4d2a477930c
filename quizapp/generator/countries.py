"""The 193 UN member states with a demonym and capital each, and the observer states.

One line per state: name | demonym | capital. Alternative names go after a slash.
The extractors use these to tell countries, nationalities and seats of
government ("Canberra said") from people's names.
"""

from __future__ import annotations

_TABLE = """
Afghanistan | Afghan | Kabul
Albania | Albanian | Tirana
Algeria | Algerian | Algiers
Andorra | Andorran | Andorra la Vella
Angola | Angolan | Luanda
Antigua and Barbuda | Antiguan | Saint John's
Argentina | Argentine/Argentinian | Buenos Aires
Armenia | Armenian | Yerevan
Australia | Australian | Canberra
Austria | Austrian | Vienna
Azerbaijan | Azerbaijani | Baku
Bahamas | Bahamian | Nassau
Bahrain | Bahraini | Manama
Bangladesh | Bangladeshi | Dhaka
Barbados | Barbadian | Bridgetown
Belarus | Belarusian | Minsk
Belgium | Belgian | Brussels
Belize | Belizean | Belmopan
Benin | Beninese | Porto-Novo
Bhutan | Bhutanese | Thimphu
Bolivia | Bolivian | Sucre/La Paz
Bosnia and Herzegovina/Bosnia | Bosnian | Sarajevo
Botswana | Botswanan/Motswana | Gaborone
Brazil | Brazilian | Brasilia/Brasília
Brunei | Bruneian | Bandar Seri Begawan
Bulgaria | Bulgarian | Sofia
Burkina Faso | Burkinabe | Ouagadougou
Burundi | Burundian | Gitega
Cabo Verde/Cape Verde | Cape Verdean | Praia
Cambodia | Cambodian | Phnom Penh
Cameroon | Cameroonian | Yaounde
Canada | Canadian | Ottawa
Central African Republic | Central African | Bangui
Chad | Chadian | N'Djamena
Chile | Chilean | Santiago
China/PRC | Chinese | Beijing
Colombia | Colombian | Bogota/Bogotá
Comoros | Comoran | Moroni
Congo/Republic of the Congo | Congolese | Brazzaville
Costa Rica | Costa Rican | San Jose
Cote d'Ivoire/Ivory Coast | Ivorian | Yamoussoukro/Abidjan
Croatia | Croatian | Zagreb
Cuba | Cuban | Havana
Cyprus | Cypriot | Nicosia
Czechia/Czech Republic | Czech | Prague
Democratic People's Republic of Korea/North Korea/DPRK | North Korean | Pyongyang
Democratic Republic of the Congo/DRC | Congolese | Kinshasa
Denmark | Danish | Copenhagen
Djibouti | Djiboutian | Djibouti
Dominica | Dominican | Roseau
Dominican Republic | Dominican | Santo Domingo
Ecuador | Ecuadorian | Quito
Egypt | Egyptian | Cairo
El Salvador | Salvadoran | San Salvador
Equatorial Guinea | Equatoguinean | Malabo
Eritrea | Eritrean | Asmara
Estonia | Estonian | Tallinn
Eswatini/Swaziland | Swazi | Mbabane
Ethiopia | Ethiopian | Addis Ababa
Fiji | Fijian | Suva
Finland | Finnish | Helsinki
France | French | Paris
Gabon | Gabonese | Libreville
Gambia | Gambian | Banjul
Georgia | Georgian | Tbilisi
Germany | German | Berlin
Ghana | Ghanaian | Accra
Greece | Greek | Athens
Grenada | Grenadian | St. George's
Guatemala | Guatemalan | Guatemala City
Guinea | Guinean | Conakry
Guinea-Bissau | Bissau-Guinean | Bissau
Guyana | Guyanese | Georgetown
Haiti | Haitian | Port-au-Prince
Honduras | Honduran | Tegucigalpa
Hungary | Hungarian | Budapest
Iceland | Icelandic | Reykjavik
India | Indian | New Delhi/Delhi
Indonesia | Indonesian | Jakarta
Iran | Iranian | Tehran
Iraq | Iraqi | Baghdad
Ireland | Irish | Dublin
Israel | Israeli | Jerusalem
Italy | Italian | Rome
Jamaica | Jamaican | Kingston
Japan | Japanese | Tokyo
Jordan | Jordanian | Amman
Kazakhstan | Kazakh/Kazakhstani | Astana/Nur-Sultan
Kenya | Kenyan | Nairobi
Kiribati | I-Kiribati | Tarawa
Kuwait | Kuwaiti | Kuwait City
Kyrgyzstan | Kyrgyz | Bishkek
Laos | Lao/Laotian | Vientiane
Latvia | Latvian | Riga
Lebanon | Lebanese | Beirut
Lesotho | Basotho | Maseru
Liberia | Liberian | Monrovia
Libya | Libyan | Tripoli
Liechtenstein | Liechtensteiner | Vaduz
Lithuania | Lithuanian | Vilnius
Luxembourg | Luxembourgish | Luxembourg
Madagascar | Malagasy | Antananarivo
Malawi | Malawian | Lilongwe
Malaysia | Malaysian | Kuala Lumpur
Maldives | Maldivian | Male
Mali | Malian | Bamako
Malta | Maltese | Valletta
Marshall Islands | Marshallese | Majuro
Mauritania | Mauritanian | Nouakchott
Mauritius | Mauritian | Port Louis
Mexico | Mexican | Mexico City
Micronesia | Micronesian | Palikir
Moldova | Moldovan | Chisinau
Monaco | Monegasque | Monaco
Mongolia | Mongolian | Ulaanbaatar
Montenegro | Montenegrin | Podgorica
Morocco | Moroccan | Rabat
Mozambique | Mozambican | Maputo
Myanmar/Burma | Burmese | Naypyidaw
Namibia | Namibian | Windhoek
Nauru | Nauruan | Yaren
Nepal | Nepali/Nepalese | Kathmandu
Netherlands | Dutch | Amsterdam/The Hague
New Zealand | New Zealand | Wellington
Nicaragua | Nicaraguan | Managua
Niger | Nigerien | Niamey
Nigeria | Nigerian | Abuja
North Macedonia/Macedonia | Macedonian | Skopje
Norway | Norwegian | Oslo
Oman | Omani | Muscat
Pakistan | Pakistani | Islamabad
Palau | Palauan | Ngerulmud
Panama | Panamanian | Panama City
Papua New Guinea | Papua New Guinean | Port Moresby
Paraguay | Paraguayan | Asuncion
Peru | Peruvian | Lima
Philippines | Philippine/Filipino | Manila
Poland | Polish | Warsaw
Portugal | Portuguese | Lisbon
Qatar | Qatari | Doha
Republic of Korea/South Korea/Korea | South Korean/Korean | Seoul
Republic of Moldova | Moldovan | Chisinau
Romania | Romanian | Bucharest
Russian Federation/Russia | Russian | Moscow
Rwanda | Rwandan | Kigali
Saint Kitts and Nevis | Kittitian | Basseterre
Saint Lucia | Saint Lucian | Castries
Saint Vincent and the Grenadines | Vincentian | Kingstown
Samoa | Samoan | Apia
San Marino | Sammarinese | San Marino
Sao Tome and Principe | Santomean | Sao Tome
Saudi Arabia | Saudi | Riyadh
Senegal | Senegalese | Dakar
Serbia | Serbian | Belgrade
Seychelles | Seychellois | Victoria
Sierra Leone | Sierra Leonean | Freetown
Singapore | Singaporean | Singapore
Slovakia | Slovak | Bratislava
Slovenia | Slovenian | Ljubljana
Solomon Islands | Solomon Islander | Honiara
Somalia | Somali | Mogadishu
South Africa | South African | Pretoria
South Sudan | South Sudanese | Juba
Spain | Spanish | Madrid
Sri Lanka | Sri Lankan | Colombo
Sudan | Sudanese | Khartoum
Suriname | Surinamese | Paramaribo
Sweden | Swedish | Stockholm
Switzerland | Swiss | Bern
Syria/Syrian Arab Republic | Syrian | Damascus
Tajikistan | Tajik | Dushanbe
Tanzania | Tanzanian | Dodoma
Thailand | Thai | Bangkok
Timor-Leste/East Timor | Timorese | Dili
Togo | Togolese | Lome
Tonga | Tongan | Nuku'alofa
Trinidad and Tobago | Trinidadian | Port of Spain
Tunisia | Tunisian | Tunis
Turkey/Turkiye/Türkiye | Turkish | Ankara
Turkmenistan | Turkmen | Ashgabat
Tuvalu | Tuvaluan | Funafuti
Uganda | Ugandan | Kampala
Ukraine | Ukrainian | Kyiv/Kiev
United Arab Emirates/UAE | Emirati | Abu Dhabi
United Kingdom/Britain/Great Britain/UK/U.K. | British | London
United States/United States of America/America/USA/U.S./US | American | Washington
Uruguay | Uruguayan | Montevideo
Uzbekistan | Uzbek | Tashkent
Vanuatu | Ni-Vanuatu | Port Vila
Venezuela | Venezuelan | Caracas
Viet Nam/Vietnam | Vietnamese | Hanoi
Yemen | Yemeni | Sanaa
Zambia | Zambian | Lusaka
Zimbabwe | Zimbabwean | Harare
Holy See/Vatican | Vatican | Vatican City
Palestine/State of Palestine | Palestinian | Ramallah
"""


def _parse() -> tuple[set[str], set[str], set[str]]:
    countries: set[str] = set()
    demonyms: set[str] = set()
    capitals: set[str] = set()
    for line in _TABLE.strip().splitlines():
        name, demonym, capital = (part.strip() for part in line.split("|"))
        countries.update(n.lower() for n in name.split("/"))
        demonyms.update(d.lower() for d in demonym.split("/"))
        capitals.update(c.lower() for c in capital.split("/"))
    return countries, demonyms, capitals


UN_COUNTRIES, UN_DEMONYMS, UN_CAPITALS = _parse()
